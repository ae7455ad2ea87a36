namespace Clientele.Language.Sentiment;

/// <summary>
/// How well predicted labels match actual ones: accuracy, the F1 of every class and their unweighted mean
/// (macro-F1), and the confusion matrix. Immutable; serialises to JSON.
/// </summary>
/// <remarks>
/// For a class c with true positives TP, false positives FP and false negatives FN, F1 = 2·TP / (2·TP + FP + FN), taken
/// as 0 when the denominator is 0 (scikit-learn's <c>zero_division=0</c>). Macro-F1 is the mean over
/// <see cref="Classes"/>, so a rare class (neutral reviews) counts as much as a common one; it is scikit-learn's
/// <c>f1_score(average='macro')</c>.
/// </remarks>
public sealed record SentimentEvaluation
{
    /// <summary>The classes, in the order of <see cref="F1"/> and of the confusion matrix's rows and columns.</summary>
    public required IReadOnlyList<SentimentLabel> Classes { get; init; }

    /// <summary>Items evaluated.</summary>
    public required int Count { get; init; }

    /// <summary>Share of items whose predicted label is the actual one.</summary>
    public required double Accuracy { get; init; }

    /// <summary>Unweighted mean of <see cref="F1"/>.</summary>
    public required double MacroF1 { get; init; }

    /// <summary>F1 of each class, in the order of <see cref="Classes"/>.</summary>
    public required IReadOnlyList<double> F1 { get; init; }

    /// <summary>Counts of (actual, predicted): row = actual class, column = predicted class, in the order of <see cref="Classes"/>.</summary>
    public required IReadOnlyList<IReadOnlyList<int>> Confusion { get; init; }

    /// <summary>Compares <paramref name="predicted"/> with <paramref name="actual"/> over <paramref name="classes"/>.</summary>
    /// <exception cref="ArgumentException">The lists differ in length, are empty, or hold a label outside <paramref name="classes"/>.</exception>
    public static SentimentEvaluation Of(
        IReadOnlyList<SentimentLabel> actual, IReadOnlyList<SentimentLabel> predicted, IReadOnlyList<SentimentLabel> classes)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(classes);
        if (actual.Count != predicted.Count || actual.Count == 0)
        {
            throw new ArgumentException($"Expected as many predictions as actual labels, at least one; got {predicted.Count} and {actual.Count}.", nameof(predicted));
        }
        var k = classes.Count;
        var confusion = new int[k][];
        for (var c = 0; c < k; c++)
        {
            confusion[c] = new int[k];
        }
        var correct = 0;
        for (var i = 0; i < actual.Count; i++)
        {
            var a = IndexOf(classes, actual[i], nameof(actual));
            var p = IndexOf(classes, predicted[i], nameof(predicted));
            confusion[a][p]++;
            if (a == p)
            {
                correct++;
            }
        }
        var f1 = new double[k];
        for (var c = 0; c < k; c++)
        {
            long truePositives = confusion[c][c], falsePositives = 0, falseNegatives = 0;
            for (var o = 0; o < k; o++)
            {
                if (o != c)
                {
                    falsePositives += confusion[o][c];
                    falseNegatives += confusion[c][o];
                }
            }
            var denominator = (2 * truePositives) + falsePositives + falseNegatives;
            f1[c] = denominator == 0 ? 0 : 2.0 * truePositives / denominator;
        }
        return new SentimentEvaluation
        {
            Classes = [.. classes],
            Count = actual.Count,
            Accuracy = (double)correct / actual.Count,
            MacroF1 = f1.Average(),
            F1 = f1,
            Confusion = confusion,
        };
    }

    private static int IndexOf(IReadOnlyList<SentimentLabel> classes, SentimentLabel label, string parameter)
    {
        for (var c = 0; c < classes.Count; c++)
        {
            if (classes[c] == label)
            {
                return c;
            }
        }
        throw new ArgumentException($"Label {label} is not one of the classes [{string.Join(", ", classes)}].", parameter);
    }
}
