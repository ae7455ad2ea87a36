using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace Clientele.Reports;

/// <summary>
/// One look for every chart: a sans-serif font that the browser has too, large enough text to read when a chart is
/// scaled down to a phone, light grids, and the report's colours (the same hex values colour the tables' swatches).
/// </summary>
public static class ChartStyle
{
    /// <summary>Colours for unordered groups (clusters, series): Tableau 10.</summary>
    public static readonly IReadOnlyList<string> Categorical =
        ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];

    /// <summary>Colours for groups ranked from the best customers to the worst: greens, yellows, reds, then grey.</summary>
    public static readonly IReadOnlyList<string> Ranked =
        ["#006837", "#1a9850", "#66bd63", "#a6d96a", "#d9ef8b", "#fee08b", "#fdae61", "#f46d43", "#d73027", "#a50026", "#8c8c8c"];

    /// <summary>The first series (e.g. customers, predicted).</summary>
    public const string Primary = "#4e79a7";

    /// <summary>The second series (e.g. revenue, actual).</summary>
    public const string Secondary = "#f28e2b";

    public const string Highlight = "#e15759";

    public const string Muted = "#9aa5b1";

    public const float TickFontSize = 15;

    public const float AxisFontSize = 16;

    public const float TitleFontSize = 19;

    /// <summary>The font the charts are drawn in: one the SVG names and the browser is likely to have.</summary>
    public static string FontFamily { get; } = PickFont();

    /// <summary>The colour of the <paramref name="index"/>-th of <paramref name="count"/> groups.</summary>
    public static string Colour(int index, int count, bool ranked)
    {
        if (index < 0)
        {
            return Muted; // DBSCAN's noise
        }
        if (!ranked)
        {
            return Categorical[index % Categorical.Count];
        }
        if (count <= 1)
        {
            return Ranked[0];
        }
        // Spread fewer groups over the whole scale, best green to worst grey.
        var position = count >= Ranked.Count ? Math.Min(index, Ranked.Count - 1) : (int)Math.Round(index * (Ranked.Count - 1) / (double)(count - 1));
        return Ranked[position];
    }

    public static Color ToColor(string hex) => Color.FromHex(hex);

    /// <summary>A new plot in the report's style, with a title drawn in the image (so that figures/ files stand alone on a slide).</summary>
    public static Plot NewPlot(string title)
    {
        var plot = new Plot();
        plot.Font.Set(FontFamily);
        plot.Title(title, TitleFontSize);
        plot.Axes.Title.Label.Bold = true;
        plot.Axes.Title.Label.ForeColor = Color.FromHex("#1f2933");
        foreach (var axis in plot.Axes.GetAxes())
        {
            axis.TickLabelStyle.FontSize = TickFontSize;
            axis.Label.FontSize = AxisFontSize;
            axis.Label.Bold = false;
            axis.TickLabelStyle.ForeColor = Color.FromHex("#3e4c59");
            axis.Label.ForeColor = Color.FromHex("#1f2933");
        }
        plot.Grid.MajorLineColor = Color.FromHex("#000000").WithAlpha(0.08);
        plot.Legend.FontSize = TickFontSize;
        plot.Legend.FontName = FontFamily;
        return plot;
    }

    /// <summary>Numeric ticks on <paramref name="axis"/> labelled by <paramref name="format"/>.</summary>
    public static void FormatTicks(IAxis axis, Func<double, string> format, bool integersOnly = false)
    {
        ArgumentNullException.ThrowIfNull(axis);
        axis.TickGenerator = new NumericAutomatic { LabelFormatter = format, IntegerTicksOnly = integersOnly };
    }

    /// <summary>An amount on an axis: 1,300,000 → "1.3M", 900,000 → "900k", 250 → "250".</summary>
    public static string AxisAmount(double value) => Math.Abs(value) switch
    {
        >= 1e9 => (value / 1e9).ToString("0.#", CultureInfo.InvariantCulture) + "bn",
        >= 1e6 => (value / 1e6).ToString("0.##", CultureInfo.InvariantCulture) + "M",
        >= 1e3 => (value / 1e3).ToString("0.#", CultureInfo.InvariantCulture) + "k",
        _ => value.ToString("0.#", CultureInfo.InvariantCulture),
    };

    /// <summary>Fixed ticks (categories) on <paramref name="axis"/>.</summary>
    public static void CategoryTicks(IAxis axis, IReadOnlyList<double> positions, IReadOnlyList<string> labels)
    {
        ArgumentNullException.ThrowIfNull(axis);
        axis.SetTicks([.. positions], [.. labels]);
        axis.MajorTickStyle.Length = 0;
        axis.MinorTickStyle.Length = 0;
    }

    private static string PickFont()
    {
        foreach (var family in new[] { "DejaVu Sans", "Liberation Sans", "Arial", "Helvetica", "Noto Sans" })
        {
            if (SkiaSharp.SKFontManager.Default.GetFontFamilies().Contains(family, StringComparer.OrdinalIgnoreCase))
            {
                return family;
            }
        }
        return Fonts.Sans;
    }
}
