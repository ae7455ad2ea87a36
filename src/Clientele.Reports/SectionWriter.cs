using System.Globalization;
using System.Text;

namespace Clientele.Reports;

/// <summary>
/// Writes one section's HTML: every method escapes its text, so a section cannot break the page. Charts are rendered
/// here (SVG inlined as an image, SVG and PNG written to figures/), and <see cref="Facts"/> puts exact numbers in the
/// page's JSON data island for programs and tests.
/// </summary>
public sealed class SectionWriter
{
    private readonly StringBuilder _html;
    private readonly FigureRenderer _figures;
    private int _gridDepth;

    internal SectionWriter(StringBuilder html, FigureRenderer figures)
    {
        _html = html;
        _figures = figures;
    }

    internal object? SectionFacts { get; private set; }

    /// <summary>A sub-heading inside the section.</summary>
    public void Heading(string text) => _html.Append("<h3>").Append(Html.Encode(text)).Append("</h3>\n");

    public void Paragraph(string text) => _html.Append("<p>").Append(Html.Encode(text)).Append("</p>\n");

    /// <summary>A muted remark: a definition, or why something is missing.</summary>
    public void Note(string text) => _html.Append("<p class=\"note\">").Append(Html.Encode(text)).Append("</p>\n");

    /// <summary>A short list of points (e.g. how to read a table).</summary>
    public void List(IEnumerable<string> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        _html.Append("<ul>");
        foreach (var item in items)
        {
            _html.Append("<li>").Append(Html.Encode(item)).Append("</li>");
        }
        _html.Append("</ul>\n");
    }

    /// <summary>Terms and what they mean (e.g. each segment's brief), each term with an optional colour swatch.</summary>
    public void Definitions(IEnumerable<(string Term, string Definition, string? Swatch)> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        _html.Append("<dl class=\"briefs\">");
        foreach (var (term, definition, swatch) in items)
        {
            _html.Append("<div><dt>");
            if (swatch is not null)
            {
                _html.Append("<span class=\"swatch\" style=\"background:").Append(Html.Colour(swatch)).Append("\"></span>");
            }
            _html.Append(Html.Encode(term)).Append("</dt><dd>").Append(Html.Encode(definition)).Append("</dd></div>");
        }
        _html.Append("</dl>\n");
    }

    /// <summary>Headline numbers as cards, as many per line as fit.</summary>
    public void KeyFigures(IEnumerable<KeyFigure> figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        _html.Append("<div class=\"cards\">");
        foreach (var f in figures)
        {
            _html.Append("<div class=\"card\"><div class=\"value\">").Append(Html.Encode(f.Value))
                .Append("</div><div class=\"label\">").Append(Html.Encode(f.Label)).Append("</div>");
            if (f.Detail is not null)
            {
                _html.Append("<div class=\"detail\">").Append(Html.Encode(f.Detail)).Append("</div>");
            }
            _html.Append("</div>");
        }
        _html.Append("</div>\n");
    }

    public void Table(ReportTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        _html.Append("<div class=\"table-wrap\"><table data-table=\"").Append(Html.Attribute(table.Name)).Append("\">");
        _html.Append("<caption>").Append(Html.Encode(table.Caption)).Append("</caption><thead><tr>");
        foreach (var c in table.Columns)
        {
            _html.Append("<th scope=\"col\"");
            if (c.Numeric)
            {
                _html.Append(" class=\"num\"");
            }
            if (c.Explanation is not null)
            {
                _html.Append(" title=\"").Append(Html.Attribute(c.Explanation)).Append('"');
            }
            _html.Append('>').Append(Html.Encode(c.Header)).Append("</th>");
        }
        _html.Append("</tr></thead><tbody>\n");
        foreach (var row in table.Rows)
        {
            if (row.Cells.Count != table.Columns.Count)
            {
                throw new ArgumentException($"Table {table.Name}: a row has {row.Cells.Count} cells for {table.Columns.Count} columns.", nameof(table));
            }
            _html.Append("<tr");
            if (row.Emphasis)
            {
                _html.Append(" class=\"em\"");
            }
            foreach (var (key, value) in row.Data)
            {
                _html.Append(" data-").Append(Html.DataKey(key)).Append("=\"").Append(Html.Attribute(value)).Append('"');
            }
            _html.Append('>');
            for (var i = 0; i < row.Cells.Count; i++)
            {
                var cell = row.Cells[i];
                _html.Append("<td");
                if (table.Columns[i].Numeric)
                {
                    _html.Append(" class=\"num\"");
                }
                else if (table.Columns[i].Wrap)
                {
                    _html.Append(" class=\"text\"");
                }
                if (cell.Tint is not null)
                {
                    _html.Append(" style=\"background:").Append(Html.Colour(cell.Tint)).Append('"');
                }
                _html.Append('>');
                if (cell.Swatch is not null)
                {
                    _html.Append("<span class=\"swatch\" style=\"background:").Append(Html.Colour(cell.Swatch)).Append("\"></span>");
                }
                _html.Append(Html.Encode(cell.Text)).Append("</td>");
            }
            _html.Append("</tr>\n");
        }
        _html.Append("</tbody></table></div>\n");
    }

    /// <summary>Draws a chart, inlines it, and writes it to figures/. The figure (and its plot) is disposed once drawn.</summary>
    public void Figure(ReportFigure figure)
    {
        ArgumentNullException.ThrowIfNull(figure);
        // The renderer owns the plot from here; the figure's own texts and size stay readable.
        var svg = _figures.Render(figure);
        _html.Append("<figure class=\"chart\" data-figure=\"").Append(Html.Attribute(figure.Name)).Append("\">");
        _html.Append("<div class=\"chart-title\">").Append(Html.Encode(figure.Title)).Append("</div>");
        _html.Append("<img src=\"data:image/svg+xml;base64,").Append(Convert.ToBase64String(Encoding.UTF8.GetBytes(svg)))
            .Append("\" width=\"").Append(figure.Width.ToString(CultureInfo.InvariantCulture))
            .Append("\" height=\"").Append(figure.Height.ToString(CultureInfo.InvariantCulture))
            .Append("\" alt=\"").Append(Html.Attribute(figure.Title + ". " + figure.Caption)).Append("\">");
        _html.Append("<figcaption>").Append(Html.Encode(figure.Caption)).Append("</figcaption></figure>\n");
    }

    /// <summary>Lays out what follows side by side (two per line on a wide screen, one on a phone) until <see cref="EndColumns"/>.</summary>
    public void BeginColumns()
    {
        _gridDepth++;
        _html.Append("<div class=\"columns\">\n");
    }

    public void EndColumns()
    {
        if (_gridDepth == 0)
        {
            throw new InvalidOperationException("EndColumns without BeginColumns.");
        }
        _gridDepth--;
        _html.Append("</div>\n");
    }

    /// <summary>Opens a block that stays in one column of <see cref="BeginColumns"/> (e.g. a heading with its table).</summary>
    public void BeginBlock() => _html.Append("<div class=\"block\">\n");

    public void EndBlock() => _html.Append("</div>\n");

    /// <summary>
    /// The section's exact numbers for the page's JSON data island (script#report-facts), under the section's id;
    /// serialised with snake_case names. A later call replaces an earlier one.
    /// </summary>
    public void Facts(object facts) => SectionFacts = facts;

    internal void Close()
    {
        while (_gridDepth > 0)
        {
            EndColumns();
        }
    }
}
