using System.Globalization;
using System.Text.Json;
using Clientele.Data.Store;

namespace Clientele.Pipeline.State;

/// <summary>
/// What each large export file in a folder was written from: the store, its ingested files and the model versions. A
/// command asked for the same file from the same rows (a report after value and recommend, into one folder) keeps it
/// instead of writing a million customers or ten million recommendations again. A file is kept only when it is the
/// very one written then (same length and last write time); edited, replaced or missing, it is written anew.
/// The stamps live in <c>.clientele-exports.json</c> beside the files.
/// </summary>
internal static class ExportStamps
{
    public const string FileName = ".clientele-exports.json";

    /// <summary>
    /// The rows a file is made from: the store, its ingested files (an ingest or a removal changes product names and
    /// everything else), and the versions named by <paramref name="versions"/>.
    /// </summary>
    public static string Source(ClienteleStore store, string versions)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var command = store.Command("SELECT count(*), coalesce(max(file_id), 0), CAST(coalesce(sum(rows_accepted), 0) AS BIGINT) FROM source_files");
        using var reader = command.ExecuteReader();
        reader.Read();
        return string.Create(CultureInfo.InvariantCulture, $"{store.Path}|files {reader.GetInt64(0)}, last {reader.GetInt64(1)}, rows {reader.GetInt64(2)}|{versions}");
    }

    /// <summary>Whether <paramref name="file"/> is still what <see cref="Record"/> wrote from <paramref name="source"/>.</summary>
    public static bool IsCurrent(string file, string source)
    {
        var info = new FileInfo(file);
        return info.Exists && Read(info.DirectoryName!).TryGetValue(info.Name, out var stamp)
            && stamp.Source == source && stamp.Length == info.Length && stamp.Modified == info.LastWriteTimeUtc.Ticks;
    }

    /// <summary>Notes that <paramref name="file"/>, just written, holds the rows of <paramref name="source"/>.</summary>
    public static void Record(string file, string source)
    {
        var info = new FileInfo(file);
        var folder = info.DirectoryName!;
        var stamps = Read(folder);
        stamps[info.Name] = new Stamp(source, info.Length, info.LastWriteTimeUtc.Ticks);
        Write(folder, stamps);
    }

    /// <summary>
    /// Keeps <paramref name="file"/> when it is current for <paramref name="source"/>; otherwise writes it with
    /// <paramref name="write"/> and stamps it. A write cut short leaves the old stamp, which no longer matches the file's
    /// length and write time, so it is never taken for current. True when it was written.
    /// </summary>
    public static bool WriteUnlessCurrent(string file, string source, Action write)
    {
        ArgumentNullException.ThrowIfNull(write);
        if (IsCurrent(file, source))
        {
            return false;
        }
        write();
        Record(file, source);
        return true;
    }

    private static void Write(string folder, Dictionary<string, Stamp> stamps)
    {
        var path = Path.Combine(folder, FileName);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(stamps));
        File.Move(temporary, path, overwrite: true);
    }

    private static Dictionary<string, Stamp> Read(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            return new Dictionary<string, Stamp>(StringComparer.Ordinal);
        }
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, Stamp>>(File.ReadAllText(path)) ?? new Dictionary<string, Stamp>(StringComparer.Ordinal);
        }
        catch (JsonException)
        {
            return new Dictionary<string, Stamp>(StringComparer.Ordinal); // unreadable: every file is written anew
        }
    }

    private sealed record Stamp(string Source, long Length, long Modified);
}
