using System.Globalization;
using Clientele.Core;
using DuckDB.NET.Data;

namespace Clientele.Data.Ingest;

/// <summary>
/// Streams a Parquet file's rows through an in-memory DuckDB (which reads Parquet column chunks lazily),
/// turning each value into the text the layouts parse, so Parquet and CSV go through the same validation.
/// </summary>
internal sealed class ParquetRecordSource : IRecordSource
{
    private readonly DuckDBConnection _connection;
    private readonly DuckDBCommand _command;
    private readonly DuckDBDataReader _reader;
    private readonly string[] _fields;
    private readonly long _rows;
    private readonly long _bytes;
    private long _row;

    public ParquetRecordSource(string path)
    {
        _connection = new DuckDBConnection("Data Source=:memory:");
        _connection.Open();
        try
        {
            using (var count = _connection.CreateCommand())
            {
                count.CommandText = "SELECT count(*) FROM read_parquet($path)";
                count.Parameters.Add(new DuckDBParameter("path", path));
                _rows = Convert.ToInt64(count.ExecuteScalar(), CultureInfo.InvariantCulture);
            }
            _command = _connection.CreateCommand();
            _command.CommandText = "SELECT * FROM read_parquet($path)";
            _command.Parameters.Add(new DuckDBParameter("path", path));
            _reader = (DuckDBDataReader)_command.ExecuteReader();
        }
        catch (DuckDBException e)
        {
            _connection.Dispose();
            throw new ClienteleException($"cannot read this Parquet file: {e.Message.Split('\n')[0]}", path, innerException: e);
        }
        Header = Enumerable.Range(0, _reader.FieldCount).Select(_reader.GetName).ToArray();
        _fields = new string[_reader.FieldCount];
        _bytes = new FileInfo(path).Length;
    }

    public IReadOnlyList<string> Header { get; }

    public IReadOnlyList<string> Fields => _fields;

    public long LineNumber => _row;

    public string RawLine => CsvText.Line(_fields);

    public string? Malformation => null;

    public long BytesConsumed => _rows == 0 ? _bytes : _bytes * _row / _rows;

    public bool Read()
    {
        if (!_reader.Read())
        {
            return false;
        }
        _row++;
        for (var i = 0; i < _fields.Length; i++)
        {
            _fields[i] = _reader.IsDBNull(i) ? "" : Format(_reader.GetValue(i));
        }
        return true;
    }

    public void Dispose()
    {
        _reader.Dispose();
        _command.Dispose();
        _connection.Dispose();
    }

    internal static string Format(object value) => value switch
    {
        // ISO text the date reader reads back exactly: fractions kept, a zoned timestamp (TIMESTAMPTZ) as UTC.
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        DateTimeOffset o => o.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        double x => x.ToString("R", CultureInfo.InvariantCulture),
        float x => x.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
