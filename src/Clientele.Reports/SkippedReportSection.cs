namespace Clientele.Reports;

/// <summary>
/// A section that could not be made on this store (e.g. recommendations on a store without product ids): its heading
/// stays in the page and its navigation, with one note that says why, so a missing section never goes unexplained.
/// </summary>
/// <param name="id">The id the section would have had, e.g. "recommendations".</param>
/// <param name="title">Its heading, e.g. "Recommendations".</param>
/// <param name="reason">Why it is missing, as a sentence.</param>
public sealed class SkippedReportSection(string id, string title, string reason) : ReportSection
{
    public override string Id => id;

    public override string Title => title;

    /// <summary>Why the section is missing.</summary>
    public string Reason => reason;

    public override void Write(SectionWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Note($"No {title.ToLowerInvariant()} section: {reason}");
        writer.Facts(new { Skipped = reason });
    }
}
