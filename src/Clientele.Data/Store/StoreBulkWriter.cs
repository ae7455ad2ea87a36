using System.Data;
using System.Text.RegularExpressions;
using DuckDB.NET.Data;
using Npgsql;
using NpgsqlTypes;

namespace Clientele.Data.Store;

/// <summary>
/// Writes many rows into one table fast: DuckDB's appender on DuckDB, a binary <c>COPY … FROM STDIN</c> on PostgreSQL.
/// Each row gives every column of <see cref="Columns"/> in order (<c>Add(…)…EndRow()</c>); <see cref="Complete"/> writes
/// what is left. Disposing without <see cref="Complete"/> abandons the rows on PostgreSQL; on DuckDB they are flushed, so
/// use it inside a transaction that an error rolls back (as every caller does).
/// </summary>
public abstract partial class StoreBulkWriter : IDisposable
{
    private int _column;

    private protected StoreBulkWriter(string table, IReadOnlyList<string> columns)
    {
        if (!Identifier().IsMatch(table) || columns.Count == 0 || columns.Any(c => !Identifier().IsMatch(c)))
        {
            throw new ArgumentException($"a bulk writer takes a table and its columns as plain lower-case names, got {table} ({string.Join(", ", columns)})");
        }
        Table = table;
        Columns = columns;
    }

    public string Table { get; }

    public IReadOnlyList<string> Columns { get; }

    /// <summary>Rows ended so far.</summary>
    public long Rows { get; private set; }

    public StoreBulkWriter Add(string? value)
    {
        if (value is null)
        {
            return AddNull();
        }
        Begin();
        Put(value);
        return this;
    }

    public StoreBulkWriter Add(int? value)
    {
        if (value is not { } v)
        {
            return AddNull();
        }
        Begin();
        Put(v);
        return this;
    }

    public StoreBulkWriter Add(long? value)
    {
        if (value is not { } v)
        {
            return AddNull();
        }
        Begin();
        Put(v);
        return this;
    }

    public StoreBulkWriter Add(double? value)
    {
        if (value is not { } v)
        {
            return AddNull();
        }
        Begin();
        Put(v);
        return this;
    }

    public StoreBulkWriter Add(decimal? value)
    {
        if (value is not { } v)
        {
            return AddNull();
        }
        Begin();
        Put(v);
        return this;
    }

    public StoreBulkWriter Add(bool? value)
    {
        if (value is not { } v)
        {
            return AddNull();
        }
        Begin();
        Put(v);
        return this;
    }

    /// <summary>A TIMESTAMP (without time zone: the value is written as it reads, whatever its <see cref="DateTime.Kind"/>).</summary>
    public StoreBulkWriter Add(DateTime? value)
    {
        if (value is not { } v)
        {
            return AddNull();
        }
        Begin();
        Put(DateTime.SpecifyKind(v, DateTimeKind.Unspecified));
        return this;
    }

    public StoreBulkWriter Add(byte[]? value)
    {
        if (value is null)
        {
            return AddNull();
        }
        Begin();
        Put(value);
        return this;
    }

    public StoreBulkWriter AddNull()
    {
        Begin();
        PutNull();
        return this;
    }

    public void EndRow()
    {
        if (_column != Columns.Count)
        {
            throw new InvalidOperationException($"a row of {Table} has {_column} values for its {Columns.Count} columns");
        }
        FinishRow();
        _column = 0;
        Rows++;
    }

    /// <summary>Writes the rows not yet written; the writer can take no more.</summary>
    public abstract void Complete();

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected abstract void Dispose(bool disposing);

    private protected abstract void Put(string value);

    private protected abstract void Put(int value);

    private protected abstract void Put(long value);

    private protected abstract void Put(double value);

    private protected abstract void Put(decimal value);

    private protected abstract void Put(bool value);

    private protected abstract void Put(DateTime value);

    private protected abstract void Put(byte[] value);

    private protected abstract void PutNull();

    private protected abstract void FinishRow();

    /// <summary>The index of the column the next value goes to (checked against the column count).</summary>
    private protected int Column => _column - 1;

    private void Begin()
    {
        if (_column == Columns.Count)
        {
            throw new InvalidOperationException($"a row of {Table} has more values than its {Columns.Count} columns");
        }
        if (_column == 0)
        {
            StartRow();
        }
        _column++;
    }

    private protected abstract void StartRow();

    [GeneratedRegex("^[a-z_][a-z0-9_]*$")]
    private static partial Regex Identifier();
}

/// <summary>DuckDB's appender; the columns must be the table's, in its order (the appender fills every column).</summary>
internal sealed class DuckDbBulkWriter : StoreBulkWriter
{
    private readonly DuckDBAppender _appender;
    private IDuckDBAppenderRow? _row;

    public DuckDbBulkWriter(DuckDBConnection connection, string table, IReadOnlyList<string> columns)
        : base(table, columns)
    {
        var actual = new List<string>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT * FROM {table} LIMIT 0";
            using var reader = command.ExecuteReader(CommandBehavior.SchemaOnly);
            for (var i = 0; i < reader.FieldCount; i++)
            {
                actual.Add(reader.GetName(i));
            }
        }
        if (!actual.SequenceEqual(columns, StringComparer.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"DuckDB's appender fills every column of {table} in order ({string.Join(", ", actual)}), not {string.Join(", ", columns)}");
        }
        _appender = connection.CreateAppender(table);
    }

    public override void Complete() => _appender.Close();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _appender.Dispose();
        }
    }

    private protected override void StartRow() => _row = _appender.CreateRow();

    private protected override void FinishRow() => _row!.EndRow();

    private protected override void Put(string value) => _row = _row!.AppendValue(value);

    private protected override void Put(int value) => _row = _row!.AppendValue(value);

    private protected override void Put(long value) => _row = _row!.AppendValue(value);

    private protected override void Put(double value) => _row = _row!.AppendValue(value);

    private protected override void Put(decimal value) => _row = _row!.AppendValue(value);

    private protected override void Put(bool value) => _row = _row!.AppendValue(value);

    private protected override void Put(DateTime value) => _row = _row!.AppendValue(value);

    private protected override void Put(byte[] value) => _row = _row!.AppendValue(value);

    private protected override void PutNull() => _row = _row!.AppendNullValue();

}

/// <summary>Npgsql's binary COPY, each value written as its column's PostgreSQL type.</summary>
internal sealed class PostgresBulkWriter : StoreBulkWriter
{
    private readonly NpgsqlBinaryImporter _importer;
    private readonly NpgsqlDbType[] _types;

    public PostgresBulkWriter(NpgsqlConnection connection, string table, IReadOnlyList<string> columns)
        : base(table, columns)
    {
        var list = string.Join(", ", columns);
        using (var command = new NpgsqlCommand($"SELECT {list} FROM {table} LIMIT 0", connection))
        using (var reader = command.ExecuteReader(CommandBehavior.SchemaOnly))
        {
            _types = reader.GetColumnSchema()
                .Select(c => c.NpgsqlDbType ?? throw new InvalidOperationException($"PostgreSQL gave no type for {table}.{c.ColumnName}"))
                .ToArray();
        }
        _importer = connection.BeginBinaryImport($"COPY {table} ({list}) FROM STDIN (FORMAT BINARY)");
    }

    public override void Complete() => _importer.Complete();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _importer.Dispose();
        }
    }

    private protected override void StartRow() => _importer.StartRow();

    private protected override void FinishRow()
    {
    }

    private protected override void Put(string value) => Write(value);

    private protected override void Put(int value) => Write(value);

    private protected override void Put(long value) => Write(value);

    private protected override void Put(double value) => Write(value);

    private protected override void Put(decimal value) => Write(value);

    private protected override void Put(bool value) => Write(value);

    private protected override void Put(DateTime value) => Write(value);

    private protected override void Put(byte[] value) => Write(value);

    private protected override void PutNull()
    {
        _importer.WriteNull();
    }

    private void Write<T>(T value) => _importer.Write(value, _types[Column]);
}
