using System.Globalization;
using Clientele.Pipeline;
using Spectre.Console;

namespace Clientele.Cli;

/// <summary>
/// A progress bar for a long job (segment, value, recommend, report) while a person watches a terminal: the step it is
/// on, its number of all, the step's counts where it counts, the time gone and an estimate of the time left. Nothing
/// when the output is redirected or machine-readable (<see cref="CommonOptions.ShowProgress"/>); then, with
/// <c>CLIENTELE_STEP_TIMES=1</c>, each step's start and the seconds since the job began go to standard error, one line
/// each, for finding where a long run's time goes (bench/README.md).
/// </summary>
internal static class JobProgressDisplay
{
    public static T Run<T>(TextWriter output, bool json, Func<IProgress<JobStep>?, T> job)
    {
        if (!CommonOptions.ShowProgress(output, json))
        {
            return job(Environment.GetEnvironmentVariable("CLIENTELE_STEP_TIMES") == "1" ? StepTimes(Console.Error) : null);
        }
        T result = default!;
        AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask("starting", maxValue: 1);
                result = job(new SynchronousProgress<JobStep>(step =>
                {
                    task.Description = Markup.Escape(Describe(step));
                    task.Value = step.Fraction;
                }));
            });
        return result;
    }

    /// <summary>One line per step started, with the seconds since the first: "12.3 s 2/7 fitting BG/NBD and Gamma-Gamma".</summary>
    private static SynchronousProgress<JobStep> StepTimes(TextWriter error)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        (int Number, string Name) last = default;
        return new SynchronousProgress<JobStep>(step =>
        {
            if ((step.Number, step.Name) != last)
            {
                last = (step.Number, step.Name);
                error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{clock.Elapsed.TotalSeconds,7:F1} s {step.Number}/{step.Steps} {step.Name}"));
            }
        });
    }

    /// <summary>"2/7 fitting BG/NBD and Gamma-Gamma", with "(3 of 15)" when the step counts.</summary>
    internal static string Describe(JobStep step) =>
        string.Create(CultureInfo.InvariantCulture, $"{step.Number}/{step.Steps} {step.Name}")
        + (step.Total > 0 ? $" ({CommonOptions.Number(step.Done)} of {CommonOptions.Number(step.Total)})" : "");
}
