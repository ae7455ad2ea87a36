namespace Clientele.Recommend.Evaluation;

/// <summary>Which interactions of a user <see cref="Splits.LeaveKOut"/> holds out.</summary>
public enum LeaveOut
{
    /// <summary>The user's k latest (by timestamp; ties: the later in the input).</summary>
    Latest,

    /// <summary>k of the user's interactions at random (seeded).</summary>
    Random,
}
