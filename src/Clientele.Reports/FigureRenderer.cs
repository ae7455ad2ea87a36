using System.Globalization;
using System.Text;

namespace Clientele.Reports;

/// <summary>Draws figures as SVG (for the page) and writes each to figures/ as NN-name.svg and NN-name.png (for slides).</summary>
internal sealed class FigureRenderer(string? directory)
{
    /// <summary>PNGs are drawn at this multiple of the figure's size, sharp on a projector.</summary>
    public const int PngScale = 2;

    private readonly List<string> _files = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Files => _files;

    public string Render(ReportFigure figure)
    {
        if (!_names.Add(figure.Name))
        {
            throw new ArgumentException($"Two figures are named {figure.Name}.", nameof(figure));
        }
        var svg = figure.Plot.GetSvgXml(figure.Width, figure.Height);
        if (directory is not null)
        {
            var stem = Path.Combine(directory, $"{(_names.Count).ToString("00", CultureInfo.InvariantCulture)}-{figure.Name}");
            File.WriteAllText(stem + ".svg", svg, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            figure.Plot.ScaleFactor = PngScale;
            figure.Plot.SavePng(stem + ".png", figure.Width * PngScale, figure.Height * PngScale);
            figure.Plot.ScaleFactor = 1;
            _files.Add(stem + ".svg");
            _files.Add(stem + ".png");
        }
        return svg;
    }
}
