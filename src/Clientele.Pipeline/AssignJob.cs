using System.Globalization;
using Clientele.Core;
using Clientele.Data.Ingest;
using Clientele.Data.Store;
using Clientele.Features;
using Clientele.Segmentation.Classification;

namespace Clientele.Pipeline;

/// <summary>What <c>clientele assign</c> should do.</summary>
public sealed record AssignRequest
{
    public required string StorePath { get; init; }

    /// <summary>The segment-classifier.json written by <c>segment</c>.</summary>
    public required string ClassifierFile { get; init; }

    public required string OutputDirectory { get; init; }

    /// <value>The default value is null: the day after the last order.</value>
    public DateOnly? AsOf { get; init; }
}

/// <summary>Each customer's assigned cluster and the classifier's probability for it.</summary>
public sealed record AssignResult(DateOnly AsOf, int Customers, IReadOnlyDictionary<int, int> PerCluster, string File);

/// <summary>
/// Assigns every customer in the store — including those who arrived after the segmentation was fitted — to its
/// clusters with the saved classifier, from their features as of a date, without refitting the clustering.
/// </summary>
public static class AssignJob
{
    public const string FileName = "assignments.csv";

    public static AssignResult Run(AssignRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!File.Exists(request.ClassifierFile))
        {
            throw new ClienteleException($"no classifier at {request.ClassifierFile}: run clientele segment with a clustering method first (it writes {SegmentationJob.ClassifierFileName})");
        }
        SegmentClassifier classifier;
        try
        {
            using var stream = File.OpenRead(request.ClassifierFile);
            classifier = SegmentClassifier.Load(stream, SegmentationJob.ProfileFeatures);
        }
        catch (Exception e) when (e is ClienteleException or ArgumentException)
        {
            throw new ClienteleException($"cannot use this classifier: {e.Message}", request.ClassifierFile, innerException: e);
        }
        using var store = ClienteleStore.OpenExisting(request.StorePath);
        var features = CustomerInputs.Features(store, request.AsOf);
        var matrix = SegmentationJob.ProfileMatrix(features.Customers);
        var predictions = classifier.Predict(matrix);

        Directory.CreateDirectory(request.OutputDirectory);
        var file = Path.GetFullPath(Path.Combine(request.OutputDirectory, FileName));
        using (var writer = new StreamWriter(file))
        {
            writer.WriteLine("customer_id,cluster,probability");
            for (var i = 0; i < predictions.Count; i++)
            {
                var p = predictions[i];
                writer.WriteLine(CsvText.Line(
                    features.Customers[i].CustomerId,
                    p.Segment.ToString(CultureInfo.InvariantCulture),
                    p.Probability(p.Segment).ToString("0.####", CultureInfo.InvariantCulture)));
            }
        }
        var perCluster = predictions.GroupBy(p => p.Segment).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.Count());
        return new AssignResult(features.AsOf, predictions.Count, perCluster, file);
    }
}
