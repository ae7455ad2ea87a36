namespace Clientele.Pipeline;

/// <summary>
/// Where a long command is, for a progress bar: the step it is on, that step's number of all the job's steps, and,
/// where the step counts its work (sweeps, customers), how far through it.
/// </summary>
/// <param name="Name">What the step does, in a few words ("fitting BG/NBD and Gamma-Gamma").</param>
/// <param name="Number">The step's number, from 1.</param>
/// <param name="Steps">How many steps the job has at most (a step it skips is passed over).</param>
/// <param name="Done">Units of the step done; 0 when it does not count.</param>
/// <param name="Total">Units of the step in all; 0 when it does not count.</param>
public readonly record struct JobStep(string Name, int Number, int Steps, long Done = 0, long Total = 0)
{
    /// <summary>The job's fraction done: the steps before this one, and this one's counted part.</summary>
    public double Fraction => Steps == 0 ? 1 : Math.Clamp((Number - 1 + (Total > 0 ? (double)Done / Total : 0)) / Steps, 0, 1);
}

/// <summary>
/// A job's steps, reported to a progress sink when there is one (a terminal is watching) and to nothing otherwise.
/// The job names each step as it starts (<see cref="Next"/>) and counts inside it where it can (<see cref="Count"/>).
/// </summary>
public sealed class JobSteps(IProgress<JobStep>? sink, int steps)
{
    private int _number;
    private string _name = "";

    /// <summary>Steps that report nowhere.</summary>
    public static JobSteps None { get; } = new(null, 1);

    /// <summary>Starts the next step.</summary>
    public void Next(string name)
    {
        _number = Math.Min(_number + 1, steps);
        _name = name;
        sink?.Report(new JobStep(name, _number, steps));
    }

    /// <summary>Starts step <paramref name="number"/>, passing over the ones before it that the job skipped.</summary>
    public void At(int number, string name)
    {
        _number = Math.Clamp(number, 1, steps);
        _name = name;
        sink?.Report(new JobStep(name, _number, steps));
    }

    /// <summary>How far through the current step: <paramref name="done"/> of <paramref name="total"/> units.</summary>
    public void Count(long done, long total) => sink?.Report(new JobStep(_name, _number, steps, done, total));
}
