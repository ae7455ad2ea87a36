using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Clientele.Core;
using DuckDB.NET.Data;

namespace Clientele.Data.Ingest;

/// <summary>
/// Streams the rows of a DuckDB query over the user's files (<c>read_csv</c>, <c>read_parquet</c>, <c>read_json</c>,
/// joins …), run in an in-memory DuckDB, as records: the result's column names are the header, row N is "line" N,
/// and values become the same text a Parquet file's would, so the rows go through the same validation as a file's.
/// </summary>
internal sealed partial class QueryRecordSource : IRecordSource
{
    /// <summary>What messages name instead of a file.</summary>
    public const string Where = "--query";

    private readonly DuckDBConnection _connection;
    private readonly DuckDBCommand _command;
    private readonly DuckDBDataReader _reader;
    private readonly string[] _fields;
    private long _row;

    public QueryRecordSource(string sql)
    {
        _connection = new DuckDBConnection("Data Source=:memory:");
        _connection.Open();
        try
        {
            _command = _connection.CreateCommand();
            _command.CommandText = sql;
            _reader = (DuckDBDataReader)_command.ExecuteReader();
        }
        catch (DuckDBException e)
        {
            _connection.Dispose();
            throw new ClienteleException($"{Where}: the query failed: {FirstLine(e.Message)}", e);
        }
        Header = Enumerable.Range(0, _reader.FieldCount).Select(_reader.GetName).ToArray();
        _fields = new string[_reader.FieldCount];
    }

    public IReadOnlyList<string> Header { get; }

    public IReadOnlyList<string> Fields => _fields;

    public long LineNumber => _row;

    public string RawLine => CsvText.Line(_fields);

    public string? Malformation => null;

    public long BytesConsumed => 0;

    public bool Read()
    {
        try
        {
            if (!_reader.Read())
            {
                return false;
            }
            _row++;
            for (var i = 0; i < _fields.Length; i++)
            {
                _fields[i] = _reader.IsDBNull(i) ? "" : ParquetRecordSource.Format(_reader.GetValue(i));
            }
            return true;
        }
        catch (DuckDBException e)
        {
            throw new ClienteleException($"{Where}: the query failed after row {_row}: {FirstLine(e.Message)}", e);
        }
    }

    public void Dispose()
    {
        _reader.Dispose();
        _command.Dispose();
        _connection.Dispose();
    }

    /// <summary>Plans the query (DuckDB's <c>DESCRIBE</c>) without running it; a one-line error when DuckDB refuses it.</summary>
    public static void Check(string sql)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "DESCRIBE " + sql.Trim().TrimEnd(';');
        try
        {
            command.ExecuteNonQuery();
        }
        catch (DuckDBException e)
        {
            throw new ClienteleException($"{Where}: the query failed: {FirstLine(e.Message)}", e);
        }
    }

    /// <summary>
    /// What identifies a query in the ledger: the SHA-256 of its text and of the content of every file it names (each
    /// quoted string that is a file, or a glob such as <c>'data/*.csv'</c> in its last part), so the same query over
    /// the same files is ingested once and over changed files again. Returns the hash and the files' total size.
    /// </summary>
    public static (string Sha256, long Bytes, IReadOnlyList<string> Files) Identify(string sql)
    {
        var files = ReferencedFiles(sql);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes("query\n" + sql.Trim() + "\n"));
        long bytes = 0;
        foreach (var file in files)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(file + "\n" + SourceFileLedger.HashFile(file) + "\n"));
            bytes += new FileInfo(file).Length;
        }
        return (Convert.ToHexStringLower(hash.GetHashAndReset()), bytes, files);
    }

    /// <summary>The files the query's string literals name (globs expanded), full paths, sorted.</summary>
    internal static IReadOnlyList<string> ReferencedFiles(string sql)
    {
        var files = new SortedSet<string>(StringComparer.Ordinal);
        foreach (Match literal in StringLiteral().Matches(sql))
        {
            var text = literal.Groups[1].Value.Replace("''", "'", StringComparison.Ordinal);
            if (text.Length == 0 || text.Contains('\n', StringComparison.Ordinal))
            {
                continue;
            }
            if (File.Exists(text))
            {
                files.Add(Path.GetFullPath(text));
            }
            else if (text.AsSpan().IndexOfAny("*?") >= 0)
            {
                var folder = Path.GetDirectoryName(text);
                var pattern = Path.GetFileName(text);
                var directory = string.IsNullOrEmpty(folder) ? "." : folder;
                if (pattern.Length > 0 && directory.AsSpan().IndexOfAny("*?") < 0 && Directory.Exists(directory))
                {
                    files.UnionWith(Directory.GetFiles(directory, pattern).Select(Path.GetFullPath));
                }
            }
        }
        return [.. files];
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();

    [GeneratedRegex("'((?:[^']|'')*)'")]
    private static partial Regex StringLiteral();
}
