using Clientele.Data.Ingest;
using Clientele.Tests;

namespace Clientele.Pipeline.Tests;

/// <summary>The steps segment, value, recommend and report name for a progress bar, in order, ending at the last.</summary>
public sealed class JobProgressTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private sealed class Recorder : IProgress<JobStep>
    {
        public List<JobStep> Steps { get; } = [];

        public void Report(JobStep value) => Steps.Add(value);
    }

    [Fact]
    public void Run_SegmentValueRecommendReport_NameTheirStepsInOrderToTheLast()
    {
        var store = _folder.File("shop.duckdb");
        IngestJob.Run(store, TestData.Sample("online_retail.csv.gz"), new IngestOptions { RejectsPath = _folder.File("r.csv") });
        var segment = new Recorder();
        var value = new Recorder();
        var report = new Recorder();
        var recommend = new Recorder();

        SegmentationJob.Run(new SegmentRequest { StorePath = store, OutputDirectory = _folder.File("out"), Progress = segment });
        ValueJob.Run(new ValueRequest { StorePath = store, OutputDirectory = _folder.File("out"), Progress = value });
        RecommendJob.Run(new RecommendRequest { StorePath = store, OutputDirectory = _folder.File("out"), Algorithm = "popular", Progress = recommend });
        ReportJob.Run(new ReportRequest { StorePath = store, OutputDirectory = _folder.File("report"), Progress = report });

        // RFM alone passes over the clustering and the classifier; Online Retail's descriptions give segment themes.
        Assert.Equal(
            ["reading the customers' features", "scoring recency, frequency and monetary value", "finding each segment's products and themes", "saving the segmentation to the store",
             "writing customers.csv and segments.json"],
            segment.Steps.Select(s => s.Name));
        Assert.Equal([1, 2, 5, 6, 7], segment.Steps.Select(s => s.Number));
        Assert.Equal("fitting BG/NBD and Gamma-Gamma", value.Steps[1].Name);
        Assert.DoesNotContain(value.Steps, s => s.Name == "RFM segments for customers.csv"); // the segmentation of the same day exists
        Assert.Equal("writing report.html and its figures", report.Steps[^1].Name);
        Assert.Equal(
            ["reading the interactions", "fitting popular", "the top 10 for each of 4,338 customers", "similar products", "saving the lists and the model to the store",
             "writing recommendations.csv and similar-products.csv"],
            recommend.Steps.Select(s => s.Name));
        foreach (var steps in new[] { segment.Steps, value.Steps, recommend.Steps, report.Steps })
        {
            Assert.Equal(steps.Select(s => s.Number).Order(), steps.Select(s => s.Number));
            Assert.Equal(steps[0].Steps, steps[^1].Number);
            Assert.All(steps, s => Assert.Equal(steps[0].Steps, s.Steps));
        }
    }

    [Fact]
    public void Fraction_StepsBeforeAndTheCountedPart()
    {
        // Step 2 of 4, 5 of 10 done: one whole step and half of another, 1.5 / 4.
        Assert.Equal(0.375, new JobStep("fitting", 2, 4, 5, 10).Fraction);
        Assert.Equal(0.25, new JobStep("fitting", 2, 4).Fraction);
        Assert.Equal(1.0, new JobStep("writing", 4, 4, 10, 10).Fraction);
    }

    [Fact]
    public void Next_PastTheLastStep_StaysAtTheLast()
    {
        var recorder = new Recorder();
        var steps = new JobSteps(recorder, 2);

        steps.Next("a");
        steps.Next("b");
        steps.Next("c");
        steps.Count(3, 4);

        Assert.Equal([1, 2, 2, 2], recorder.Steps.Select(s => s.Number));
        Assert.Equal(new JobStep("c", 2, 2, 3, 4), recorder.Steps[^1]);
    }
}
