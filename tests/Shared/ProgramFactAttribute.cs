namespace Clientele.Tests;

/// <summary>A fact that needs a program on the PATH (e.g. python3): skipped with a reason when it is absent.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ProgramFactAttribute : FactAttribute
{
    public ProgramFactAttribute(string program)
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(folder => File.Exists(Path.Combine(folder, program)));
        Skip = onPath ? null : $"needs {program} on the PATH";
    }
}
