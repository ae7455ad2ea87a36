namespace Clientele.Pipeline.State;

/// <summary>
/// Export files written on the thread pool while the rows they show are saved to the store, from the rows in hand: the
/// store's appender takes one core for a million customers' rows (recommend's ten million: 5.9 s), and the files'
/// formatting fills the other instead of following it.
/// <para>
/// The files are written beside their final names and take them, stamped as made from the saved version, only once
/// the save has committed (<see cref="Finish"/>). Disposed without that (the save failed), it waits for the writing and
/// removes them, so the folder keeps the files of the version before, as a failed save always left it.
/// </para>
/// </summary>
internal sealed class ExportsBeside : IDisposable
{
    private const string Partial = ".partial";

    private readonly string[] _files;
    private readonly Task _writing;
    private bool _finished;

    private ExportsBeside(string[] files, Task writing)
    {
        _files = files;
        _writing = writing;
    }

    /// <summary>
    /// Starts writing each file with its writer (given the path to write), one after another. The writers must ask the
    /// store nothing: its connection is the save's.
    /// </summary>
    public static ExportsBeside Start(params (string File, Action<string> Write)[] files)
    {
        ArgumentNullException.ThrowIfNull(files);
        foreach (var (file, _) in files)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        }
        var writing = Task.Run(() =>
        {
            foreach (var (file, write) in files)
            {
                write(file + Partial);
            }
        });
        return new ExportsBeside([.. files.Select(f => f.File)], writing);
    }

    /// <summary>Waits for the files, gives them their names and stamps them as made from <paramref name="source"/> (<see cref="ExportStamps.Source"/>), now committed.</summary>
    public IReadOnlyList<string> Finish(string source)
    {
        _writing.GetAwaiter().GetResult();
        foreach (var file in _files)
        {
            File.Move(file + Partial, file, overwrite: true);
        }
        _finished = true;
        foreach (var file in _files)
        {
            ExportStamps.Record(file, source);
        }
        return _files;
    }

    public void Dispose()
    {
        if (_finished)
        {
            return;
        }
        // The save failed: its error is the one to tell, and no file of the unsaved rows is left behind.
        try
        {
            _writing.Wait();
        }
        catch (AggregateException)
        {
        }
        foreach (var file in _files)
        {
            File.Delete(file + Partial);
        }
    }
}
