namespace Clientele.Tests;

/// <summary>
/// A fact that needs files of the shared data sets (../shared/data beside the repository): skipped, with a message
/// naming the missing files, when they are absent, instead of failing.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SharedDataFactAttribute : FactAttribute
{
    /// <param name="files">Paths relative to ../shared/data.</param>
    public SharedDataFactAttribute(params string[] files)
    {
        Skip = SharedDataSkip.Reason(files);
    }
}

/// <summary>A theory that needs files of the shared data sets; skipped like <see cref="SharedDataFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SharedDataTheoryAttribute : TheoryAttribute
{
    /// <param name="files">Paths relative to ../shared/data.</param>
    public SharedDataTheoryAttribute(params string[] files)
    {
        Skip = SharedDataSkip.Reason(files);
    }
}

internal static class SharedDataSkip
{
    /// <summary>Null when every file is there; otherwise the skip message.</summary>
    public static string? Reason(string[] files)
    {
        var folder = Path.GetFullPath(Path.Combine(TestData.RepositoryRoot, "..", "shared", "data"));
        var missing = files.Where(f => !File.Exists(Path.Combine(folder, f))).ToList();
        return missing.Count == 0
            ? null
            : $"needs the shared data sets beside the repository; absent: {string.Join(", ", missing.Select(f => Path.Combine(folder, f)))}";
    }
}
