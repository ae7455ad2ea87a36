using ScottPlot;

namespace Clientele.Reports;

/// <summary>
/// One section of the report: a heading in the page's navigation and what <see cref="Write"/> puts under it. The
/// built-in sections (the data, segments, value) are written this way; a later capability writes its own and passes
/// it in <see cref="ReportData.AdditionalSections"/>.
/// </summary>
public abstract class ReportSection
{
    /// <summary>The section's anchor and key in the page's data island: lower case, e.g. "recommendations".</summary>
    public abstract string Id { get; }

    /// <summary>The heading, e.g. "Recommendations".</summary>
    public abstract string Title { get; }

    /// <summary>Writes the section's content: text, key figures, tables and charts.</summary>
    public abstract void Write(SectionWriter writer);
}

/// <summary>A headline number: "4,338" over "customers", with a detail line under it.</summary>
public sealed record KeyFigure(string Label, string Value, string? Detail = null);

/// <summary>A table column; numeric columns are right-aligned. Cells stay on one line unless <paramref name="Wrap"/>.</summary>
/// <param name="Explanation">What the column means, shown as the header's tooltip.</param>
public sealed record TableColumn(string Header, bool Numeric = false, string? Explanation = null, bool Wrap = false);

/// <summary>One cell: its text, and optionally a colour swatch before it or a tint behind it.</summary>
/// <param name="Swatch">A colour (#rrggbb) shown as a small square before the text, to tie the row to a chart.</param>
/// <param name="Tint">A background colour (#rrggbb) for a heat-map-like table.</param>
public sealed record TableCell(string Text, string? Swatch = null, string? Tint = null)
{
    public static implicit operator TableCell(string text) => new(text);

    public static TableCell FromString(string text) => new(text);
}

/// <summary>A table row; <see cref="Data"/> becomes data-* attributes so that tests and scripts can read exact values.</summary>
public sealed record TableRow(IReadOnlyList<TableCell> Cells)
{
    /// <summary>Attributes data-KEY="VALUE" on the row (keys lower case, letters, digits and hyphens).</summary>
    /// <value>The default value is empty.</value>
    public IReadOnlyDictionary<string, string> Data { get; init; } = new Dictionary<string, string>();

    /// <summary>Shown in bold (e.g. a total or the chosen row).</summary>
    /// <value>The default value is false.</value>
    public bool Emphasis { get; init; }
}

/// <summary>A table with a caption; <see cref="Name"/> becomes its data-table attribute.</summary>
public sealed record ReportTable(string Name, string Caption, IReadOnlyList<TableColumn> Columns, IReadOnlyList<TableRow> Rows);

/// <summary>
/// A chart: a ScottPlot plot, its size in pixels, and the words around it. The report inlines it as SVG and writes it to
/// figures/ as SVG and PNG; the plot is disposed once drawn.
/// </summary>
public sealed class ReportFigure : IDisposable
{
    public ReportFigure(string name, string title, string caption, Plot plot, int width, int height)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(plot);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 100);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 100);
        Name = name;
        Title = title;
        Caption = caption;
        Plot = plot;
        Width = width;
        Height = height;
    }

    /// <summary>The file name stem in figures/, lower case with hyphens, e.g. "monthly-revenue".</summary>
    public string Name { get; }

    public string Title { get; }

    /// <summary>What to read from the chart, in a sentence or two.</summary>
    public string Caption { get; }

    public Plot Plot { get; }

    public int Width { get; }

    public int Height { get; }

    public void Dispose() => Plot.Dispose();
}
