namespace Clientele.Segmentation.Classification;

/// <summary>A classifier's answer for one customer: the most probable segment and the probability of every segment. Immutable.</summary>
public sealed class SegmentPrediction
{
    private readonly int[] _segments;
    private readonly double[] _probabilities;

    internal SegmentPrediction(int[] segments, double[] probabilities)
    {
        _segments = segments;
        _probabilities = probabilities;
        var best = 0;
        for (var s = 1; s < probabilities.Length; s++)
        {
            if (probabilities[s] > probabilities[best])
            {
                best = s;
            }
        }
        Segment = segments[best];
    }

    /// <summary>Gets the most probable segment (ties go to the lower segment id).</summary>
    public int Segment { get; }

    /// <summary>Gets the segments, in the order of <see cref="Probabilities"/> (the classifier's <see cref="SegmentClassifier.Segments"/>).</summary>
    public IReadOnlyList<int> Segments => _segments.AsReadOnly();

    /// <summary>Gets the probability of each of <see cref="Segments"/>; they sum to 1.</summary>
    public IReadOnlyList<double> Probabilities => _probabilities.AsReadOnly();

    /// <summary>The probability of <paramref name="segment"/>.</summary>
    /// <exception cref="ArgumentException">The classifier does not know <paramref name="segment"/>.</exception>
    public double Probability(int segment)
    {
        var index = Array.IndexOf(_segments, segment);
        return index >= 0
            ? _probabilities[index]
            : throw new ArgumentException(
                $"Segment {segment} is not one the classifier was trained on ({string.Join(", ", _segments)}).", nameof(segment));
    }
}
