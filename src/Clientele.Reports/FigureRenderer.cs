using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Text;

namespace Clientele.Reports;

/// <summary>
/// Draws figures as SVG (for the page) and writes each to figures/ as NN-name.svg and NN-name.png (for slides). The PNGs
/// are drawn on a background task, one after another in figure order, while the page goes on: they took two thirds of
/// the figures' drawing time, on one core of two. <see cref="Complete"/> waits for them.
/// </summary>
internal sealed class FigureRenderer(string? directory)
{
    /// <summary>PNGs are drawn at this multiple of the figure's size, sharp on a projector.</summary>
    public const int PngScale = 2;

    private readonly List<string> _files = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly List<Task> _pngs = [];

    public IReadOnlyList<string> Files => _files;

    /// <summary>The figure's SVG; its PNG is queued. The renderer takes the figure and disposes it once drawn.</summary>
    public string Render(ReportFigure figure)
    {
        ArgumentNullException.ThrowIfNull(figure);
        var queued = false;
        try
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
                _files.Add(stem + ".svg");
                _files.Add(stem + ".png");
                // Nothing else touches the plot once its SVG is drawn; ScottPlot draws separate plots on separate threads.
                var previous = _pngs.Count == 0 ? Task.CompletedTask : _pngs[^1];
                _pngs.Add(previous.ContinueWith(
                    _ =>
                    {
                        using (figure)
                        {
                            figure.Plot.ScaleFactor = PngScale;
                            figure.Plot.SavePng(stem + ".png", figure.Width * PngScale, figure.Height * PngScale);
                        }
                    },
                    CancellationToken.None,
                    TaskContinuationOptions.None,
                    TaskScheduler.Default));
                queued = true;
            }
            return svg;
        }
        finally
        {
            if (!queued)
            {
                figure.Dispose();
            }
        }
    }

    /// <summary>Waits for every queued PNG; with <paramref name="throwOnFailure"/>, then throws the first one's failure.</summary>
    public void Complete(bool throwOnFailure)
    {
        try
        {
            Task.WaitAll([.. _pngs]);
        }
        catch (AggregateException e) when (throwOnFailure)
        {
            ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }
        catch (AggregateException)
        {
            // The page failed first; its exception is the one the caller sees.
        }
    }
}
