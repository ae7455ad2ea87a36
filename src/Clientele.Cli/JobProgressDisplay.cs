using System.Globalization;
using Clientele.Pipeline;
using Spectre.Console;

namespace Clientele.Cli;

/// <summary>
/// A progress bar for a long job (segment, value, recommend, report) while a person watches a terminal: the step it is
/// on, its number of all, the step's counts where it counts, the time gone and an estimate of the time left. Nothing
/// when the output is redirected or machine-readable (<see cref="CommonOptions.ShowProgress"/>).
/// </summary>
internal static class JobProgressDisplay
{
    public static T Run<T>(TextWriter output, bool json, Func<IProgress<JobStep>?, T> job)
    {
        if (!CommonOptions.ShowProgress(output, json))
        {
            return job(null);
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

    /// <summary>"2/7 fitting BG/NBD and Gamma-Gamma", with "(3 of 15)" when the step counts.</summary>
    internal static string Describe(JobStep step) =>
        string.Create(CultureInfo.InvariantCulture, $"{step.Number}/{step.Steps} {step.Name}")
        + (step.Total > 0 ? $" ({CommonOptions.Number(step.Done)} of {CommonOptions.Number(step.Total)})" : "");
}
