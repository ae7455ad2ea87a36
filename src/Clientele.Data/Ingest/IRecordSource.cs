namespace Clientele.Data.Ingest;

/// <summary>
/// Streams the records of one input file, one at a time, with where each came from.
/// Blank lines are not records.
/// </summary>
internal interface IRecordSource : IDisposable
{
    /// <summary>Column names from the file's header; empty when the format has none.</summary>
    IReadOnlyList<string> Header { get; }

    /// <summary>Advances to the next record; false at the end of the file.</summary>
    bool Read();

    /// <summary>The fields of the current record.</summary>
    IReadOnlyList<string> Fields { get; }

    /// <summary>Where the current record starts: the line in a text file, the row in a Parquet file (1-based).</summary>
    long LineNumber { get; }

    /// <summary>The current record as it stood in the file (for the rejects report).</summary>
    string RawLine { get; }

    /// <summary>Set when the current record's text is malformed (e.g. a stray quote); the fields are best effort.</summary>
    string? Malformation { get; }

    /// <summary>What a record with a <see cref="Malformation"/> is rejected as (malformed CSV unless the format says otherwise).</summary>
    RejectReason MalformationReason => RejectReason.MalformedCsv;

    /// <summary>Bytes of the file consumed so far (of the compressed file, for .gz), for progress.</summary>
    long BytesConsumed { get; }

    /// <summary>What reading these records is called on a progress bar, when not simply reading the file.</summary>
    string? ProgressStage => null;
}
