namespace Clientele.Benchmarks;

/// <summary>Finds the repository (the folder holding <c>Clientele.slnx</c>) from wherever the program runs.</summary>
/// <remarks>
/// BenchmarkDotNet runs each benchmark from a generated project below <c>bin/</c>, so the working directory says
/// nothing; the binary itself still lives inside the repository.
/// </remarks>
internal static class RepositoryRoot
{
    public static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(directory.FullName, "Clientele.slnx")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"No Clientele.slnx in {AppContext.BaseDirectory} or any folder above it.");
    }

    /// <summary>The full path of a file below the repository root, which must exist.</summary>
    public static string File(params string[] parts)
    {
        var path = Path.Combine([Find(), .. parts]);
        if (!System.IO.File.Exists(path))
        {
            throw new FileNotFoundException($"Expected {path} in the repository.", path);
        }
        return path;
    }
}
