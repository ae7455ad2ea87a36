using System.Globalization;

namespace Clientele.Reports;

/// <summary>Customer value: CLV distribution, P(alive) against recency, the top customers, the holdout check and churn.</summary>
internal sealed class ValueReportSection(ValueOverview? value, string? skipped, DateOnly asOf) : ReportSection
{
    /// <summary>How many customers the top-customers table lists.</summary>
    public const int TopCustomers = 15;

    public override string Id => "value";

    public override string Title => "Customer value";

    public override void Write(SectionWriter writer)
    {
        if (value is null)
        {
            writer.Note($"No value section: {skipped ?? "the value models did not run."}");
            writer.Facts(new { Skipped = skipped ?? "not run" });
            return;
        }
        var customers = value.Customers;
        var clvs = new double[customers.Count];
        for (var i = 0; i < clvs.Length; i++)
        {
            clvs[i] = customers[i].Clv;
        }
        Array.Sort(clvs); // as Order() puts them (NaN first), without a key and an index per customer
        var total = clvs.Sum();
        var median = clvs.Length == 0 ? 0 : clvs[clvs.Length / 2];
        var topDecile = clvs.Length == 0 ? 0 : clvs.Skip(clvs.Length - Math.Max(1, clvs.Length / 10)).Sum();
        var active = customers.Count(c => c.ProbabilityAlive >= 0.5);
        writer.Paragraph(
            $"{value.Model} fitted on every customer's purchases before {ReportFormat.Date(asOf)}. " +
            $"CLV is the expected value of a customer's purchases over the next {value.HorizonDays} days" +
            (value.MonthlyDiscountRate is { } rate ? $", discounted at {ReportFormat.Percent(rate)} a month; " : "; ") +
            "P(alive) is the probability that the customer has not quietly left.");
        if (value.Cautions.Count > 0)
        {
            writer.Heading("What these data cannot tell");
            writer.List(value.Cautions);
        }
        writer.KeyFigures(
        [
            new KeyFigure($"expected value, next {value.HorizonDays} days", ReportFormat.Compact(total), $"over {ReportFormat.Count(customers.Count)} customers"),
            new KeyFigure("median CLV", ReportFormat.Money(median), "half the customers are worth less"),
            new KeyFigure("from the top 10 %", ReportFormat.Percent(total > 0 ? topDecile / total : double.NaN), "of the expected value"),
            new KeyFigure("probably still active", ReportFormat.Percent(customers.Count == 0 ? double.NaN : (double)active / customers.Count), "P(alive) ≥ 50 %"),
        ]);
        if (value.AliveVersusChurn is { } aliveVersusChurn)
        {
            writer.Note(aliveVersusChurn);
        }

        writer.BeginColumns();
        writer.Figure(Charts.ClvDistribution(
            customers,
            value.HorizonDays,
            $"Few customers hold most of the value: the top 10 % account for {ReportFormat.Percent(total > 0 ? topDecile / total : double.NaN)} of it. Each bar spans a quarter of a power of ten."));
        writer.Figure(Charts.AliveByRecency(customers, AliveCaption(customers)));
        writer.EndColumns();

        writer.Heading($"The {TopCustomers} most valuable customers");
        var top = customers.OrderByDescending(c => c.Clv).ThenBy(c => c.CustomerId, StringComparer.Ordinal).Take(TopCustomers).ToList();
        writer.Table(new ReportTable(
            "top-customers",
            $"Top customers by CLV over the next {value.HorizonDays} days",
            [
                new TableColumn("#", Numeric: true),
                new TableColumn("customer"),
                new TableColumn("RFM segment"),
                new TableColumn("cluster"),
                new TableColumn("orders", Numeric: true),
                new TableColumn("spend so far", Numeric: true),
                new TableColumn("days since last order", Numeric: true),
                new TableColumn("P(alive)", Numeric: true),
                new TableColumn("expected orders", Numeric: true, $"Expected purchases in the next {value.HorizonDays} days"),
                new TableColumn("CLV", Numeric: true),
            ],
            top.Select((c, i) => new TableRow(
            [
                (i + 1).ToString(CultureInfo.InvariantCulture),
                c.CustomerId,
                c.Segment,
                c.Cluster ?? "–",
                ReportFormat.Count(c.Frequency),
                ReportFormat.Money(c.Monetary),
                ReportFormat.Count(c.RecencyDays),
                ReportFormat.Percent(c.ProbabilityAlive),
                ReportFormat.Fixed(c.ExpectedPurchases, 1),
                ReportFormat.Money(c.Clv),
            ])
            {
                Data = new Dictionary<string, string> { ["customer"] = c.CustomerId, ["clv"] = ReportFormat.Exact(c.Clv), ["p-alive"] = ReportFormat.Exact(c.ProbabilityAlive) },
            }).ToList()));

        writer.BeginColumns();
        writer.BeginBlock();
        writer.Heading("Does the model predict?");
        if (value.Holdout is { } holdout)
        {
            writer.Paragraph(
                $"Fitted on purchases before {ReportFormat.Date(holdout.CalibrationEnd)} only, the model predicted {ReportFormat.Fixed(holdout.PredictedTotal, 0)} purchases " +
                $"by {ReportFormat.Count(holdout.Customers)} customers up to {ReportFormat.Date(holdout.ObservationEnd)}; they made {ReportFormat.Fixed(holdout.ActualTotal, 0)} " +
                $"(mean absolute error per customer {ReportFormat.Fixed(holdout.MeanAbsoluteError, 2)}).");
        }
        else
        {
            writer.Note($"No holdout comparison: {value.HoldoutSkipped ?? "no evaluation was run (clientele report --calibration-end D runs one)."}");
        }
        writer.Table(ParameterTable(value));
        writer.EndBlock();
        if (value.Holdout is { } h)
        {
            writer.Figure(Charts.Holdout(
                h,
                "Customers grouped by how many repeat purchases they made before the holdout; bars of equal height mean the model got the group right."));
        }
        writer.EndColumns();

        writer.Heading("Churn: who will not buy again soon");
        if (value.Churn is { } churn)
        {
            writer.Paragraph(
                $"Churn = {churn.Definition}. Trained at {ReportFormat.Date(churn.TrainCutoff)}, tested on the {ReportFormat.Count(churn.TestCustomers)} customers of {ReportFormat.Date(churn.TestCutoff)}, " +
                $"of whom {ReportFormat.Percent(churn.ChurnRate)} churned. AUC 0.5 is a coin toss, 1 a perfect ranking.");
            if (value.AliveVersusChurn is { } sentence)
            {
                writer.Paragraph(sentence);
            }
            writer.Table(new ReportTable(
                "churn-auc",
                "Churn scores on the same held-out customers",
                [
                    new TableColumn("score", Wrap: true),
                    new TableColumn("AUC", Numeric: true, "Probability that a churner is ranked above a non-churner"),
                    new TableColumn("Brier", Numeric: true, "Mean squared error of the probabilities (lower is better)"),
                    new TableColumn("precision", Numeric: true, "Of the customers flagged (probability at or above the threshold), the share who churned"),
                    new TableColumn("recall", Numeric: true, "Of the customers who churned, the share flagged"),
                ],
                churn.Scores.Select(s => new TableRow(
                [
                    s.Score,
                    s.Auc.ToString("0.000", CultureInfo.InvariantCulture),
                    s.BrierScore.ToString("0.000", CultureInfo.InvariantCulture),
                    ReportFormat.Percent(s.Precision),
                    ReportFormat.Percent(s.Recall),
                ])
                {
                    Data = new Dictionary<string, string> { ["score"] = s.Score, ["auc"] = ReportFormat.Exact(s.Auc) },
                }).ToList()));
        }
        else
        {
            writer.Note($"No churn model: {value.ChurnSkipped ?? "not run."}");
        }

        writer.Facts(new
        {
            value.Model,
            value.HorizonDays,
            Customers = customers.Count,
            TotalClv = total,
            MedianClv = median,
            Top = top.Select(c => new { c.CustomerId, c.Clv, c.ProbabilityAlive, c.ExpectedPurchases }),
            Holdout = value.Holdout is null ? null : new { value.Holdout.PredictedTotal, value.Holdout.ActualTotal, value.Holdout.MeanAbsoluteError },
            Churn = value.Churn?.Scores.Select(s => new { s.Score, s.Auc }),
            value.ChurnSkipped,
            value.HoldoutSkipped,
            value.Cautions,
            value.AliveVersusChurn,
        });
    }

    private static string AliveCaption(IReadOnlyList<CustomerValueRow> customers)
    {
        var lowest = customers.Count == 0 ? 1 : customers.Min(c => c.ProbabilityAlive);
        var below = customers.Count(c => c.ProbabilityAlive < 0.5);
        var high = customers.Count == 0 ? 1 : customers.Count(c => c.ProbabilityAlive >= 0.9) / (double)customers.Count;
        if (below == 0 && high > 0.9)
        {
            return $"The fitted model sees almost no one leaving: {ReportFormat.Percent(high)} of customers have a P(alive) of 90 % or more and the lowest is " +
                $"{ReportFormat.Percent(lowest)}, because its dropout parameters (below) make dropping out rare on this data. Rank customers by CLV or by churn risk rather than by P(alive).";
        }
        return "The longer since a customer's last purchase, the likelier they have left, and the faster for customers who used to buy often (their silence says more). " +
            $"{ReportFormat.Count(below)} customers are more likely gone than not. A customer with a single order has not shown a pattern to break, so stays near 100 %.";
    }

    private static ReportTable ParameterTable(ValueOverview value) => new(
        "value-parameters",
        "Fitted parameters (± standard error)",
        [new TableColumn("model"), new TableColumn("parameter"), new TableColumn("value", Numeric: true), new TableColumn("± s.e.", Numeric: true)],
        value.Parameters.Select(p => new TableRow(
        [
            p.Model,
            p.Name,
            p.Value.ToString("0.####", CultureInfo.InvariantCulture),
            double.IsFinite(p.StandardError) ? p.StandardError.ToString("0.####", CultureInfo.InvariantCulture) : "–",
        ])).ToList());
}
