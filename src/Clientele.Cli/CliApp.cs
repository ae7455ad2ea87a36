using System.CommandLine;
using Clientele.Core;
using Spectre.Console;

namespace Clientele.Cli;

/// <summary>The clientele command: its subcommands, and one place where errors become a line and an exit code.</summary>
public static class CliApp
{
    /// <summary>Exit code for a problem the user can fix (bad input, missing file, bad option).</summary>
    public const int UserError = 1;

    /// <summary>Exit code for a failure inside clientele.</summary>
    public const int InternalError = 70;

    public static int Run(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        output ??= Console.Out;
        error ??= Console.Error;
        var root = new RootCommand("Clientele: customer intelligence for e-commerce, on an embedded DuckDB store or a PostgreSQL database.")
        {
            IngestCommand.Create(output),
            FilesCommand.Create(output),
            SegmentCommand.Create(output),
            AssignCommand.Create(output),
            ValueCommand.Create(output),
            RecommendCommand.Create(output),
            EvaluateCommand.Create(output),
            CampaignCommand.Create(output),
            BriefCommand.Create(output),
            ReportCommand.Create(output),
            RefreshCommand.Create(output),
            ExportCommand.Create(output),
            TextCommand.Create(output),
            ModelsCommand.Create(output),
            ServeCommand.Create(output),
            KeysCommand.Create(output),
            DemoCommand.Create(output),
        };
        try
        {
            var parse = root.Parse(args);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var code = parse.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
            if (code == 0 && EndsWithWallTime(parse, args))
            {
                output.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"done in {clock.Elapsed.TotalSeconds:0.0} s"));
            }
            return code;
        }
        catch (ClienteleException e)
        {
            error.WriteLine($"error: {e.Message}");
            return UserError;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: {e.Message}");
            return UserError;
        }
        catch (OperationCanceledException)
        {
            error.WriteLine("cancelled; the store is as it was before this command");
            return UserError;
        }
        catch (Exception e)
        {
            error.WriteLine($"error: clientele failed unexpectedly ({e.GetType().Name}: {e.Message.Split('\n')[0]}). Set CLIENTELE_DEBUG=1 for details.");
            if (Environment.GetEnvironmentVariable("CLIENTELE_DEBUG") == "1")
            {
                error.WriteLine(e.ToString());
            }
            return InternalError;
        }
    }

    /// <summary>
    /// Whether a command's text summary ends with its wall time: every command that ran, except help and version, JSON
    /// output (read by programs), text, whose embeddings and sentiments are data on standard output, and demo and models,
    /// which time themselves.
    /// </summary>
    private static bool EndsWithWallTime(ParseResult parse, string[] args)
    {
        var command = parse.CommandResult.Command;
        if (parse.Errors.Count > 0 || command is RootCommand || command.Name is "demo" or "text" or "serve" || command.Parents.OfType<Command>().Any(c => c.Name is "models" or "text"))
        {
            return false;
        }
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "-h" or "--help" or "-?" or "--version" or "--output=json" || (args[i] == "--output" && i + 1 < args.Length && args[i + 1] == "json"))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>A console for human output that writes to <paramref name="output"/>, with colour only on a real terminal.</summary>
    internal static IAnsiConsole HumanConsole(TextWriter output)
    {
        var terminal = output == System.Console.Out && !System.Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!terminal)
        {
            // Redirected output (files, logs, CI) is read later in a wide window; do not wrap at 80 columns.
            console.Profile.Width = 120;
        }
        return console;
    }
}
