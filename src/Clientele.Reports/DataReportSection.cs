namespace Clientele.Reports;

/// <summary>The data: what was read, what was kept and why the rest was not, the period, and activity per month.</summary>
internal sealed class DataReportSection(DataOverview data) : ReportSection
{
    public override string Id => "data";

    public override string Title => "The data";

    public override void Write(SectionWriter writer)
    {
        var files = data.Files.Count == 1 ? data.Files[0].File : $"{data.Files.Count} files";
        writer.Paragraph(
            $"Order lines from {files}, {ReportFormat.Date(data.FirstOrder)} to {ReportFormat.Date(data.LastOrder)}. " +
            "Every row read was either accepted or rejected for a reason; returns and cancellations are kept and count against the customer.");
        writer.KeyFigures(
        [
            new KeyFigure("rows read", ReportFormat.Count(data.RowsRead), $"{ReportFormat.Count(data.RowsAccepted)} accepted, {ReportFormat.Count(data.RowsRejected)} rejected"),
            new KeyFigure("customers", ReportFormat.Count(data.Customers), "with an accepted order line"),
            new KeyFigure("orders", ReportFormat.Count(data.Orders), "purchase orders (returns not counted)"),
            new KeyFigure("net revenue", ReportFormat.Compact((double)data.NetRevenue), $"{ReportFormat.Compact((double)data.PurchaseValue)} sold, {ReportFormat.Compact((double)data.ReturnValue)} returned"),
            new KeyFigure("period", $"{data.Months.Count} months", $"{ReportFormat.Date(data.FirstOrder)} – {ReportFormat.Date(data.LastOrder)}"),
        ]);

        writer.BeginColumns();
        writer.BeginBlock();
        var rows = new List<TableRow>
        {
            Row("read", data.RowsRead, 1, "read", emphasis: true),
            Row("accepted", data.RowsAccepted, Share(data.RowsAccepted), "accepted"),
            Row("\u2003of which returns or cancellations", data.ReturnLines, Share(data.ReturnLines), "returns"),
            Row("rejected", data.RowsRejected, Share(data.RowsRejected), "rejected"),
        };
        foreach (var r in data.RejectedByReason.OrderByDescending(r => r.Rows))
        {
            rows.Add(Row($"\u2003{r.Reason}{(r.Column is null ? "" : $" ({r.Column})")}", r.Rows, Share(r.Rows), "rejected-reason") with
            {
                Data = new Dictionary<string, string> { ["kind"] = "rejected-reason", ["reason"] = r.Reason, ["rows"] = ReportFormat.Exact(r.Rows) },
            });
        }
        writer.Table(new ReportTable(
            "rows",
            $"Rows: read {ReportFormat.Count(data.RowsRead)} = accepted {ReportFormat.Count(data.RowsAccepted)} + rejected {ReportFormat.Count(data.RowsRejected)}",
            [new TableColumn("rows", Wrap: true), new TableColumn("count", Numeric: true), new TableColumn("share of read", Numeric: true)],
            rows));
        if (data.Files.Count > 1)
        {
            writer.Table(FilesTable("files", "Files", data.Files));
        }
        if (data.CatalogueFiles.Count > 0)
        {
            writer.Table(FilesTable("catalogue-files", "Products and reviews (not order lines, so not in the rows above)", data.CatalogueFiles));
        }
        writer.Table(new ReportTable(
            "money",
            "Money",
            [new TableColumn("amount"), new TableColumn("value", Numeric: true)],
            [
                new TableRow(["sold (purchase lines)", ReportFormat.Money(data.PurchaseValue)]),
                new TableRow(["returned or cancelled", ReportFormat.Money(-data.ReturnValue)]),
                new TableRow(["net revenue", ReportFormat.Money(data.NetRevenue)]) { Emphasis = true },
            ]));
        writer.EndBlock();
        if (data.Months.Count > 0)
        {
            var partial = data.Months.Where(m => m.Partial).Select(m => $"{m.Month:MMMM yyyy}").ToList();
            var best = data.Months.MaxBy(m => m.Revenue)!;
            writer.Figure(Charts.MonthlyActivity(
                data.Months,
                $"The best month was {best.Month:MMMM yyyy} with {ReportFormat.Money(best.Revenue)} from {ReportFormat.Count(best.ActiveCustomers)} customers." +
                (partial.Count == 0 ? "" : $" Paler bars are months the data covers only in part ({string.Join(", ", partial)}).")));
        }
        writer.EndColumns();

        writer.Facts(new
        {
            RowsRead = data.RowsRead,
            RowsAccepted = data.RowsAccepted,
            RowsRejected = data.RowsRejected,
            data.ReturnLines,
            RejectedByReason = data.RejectedByReason.Select(r => new { r.Reason, r.Column, r.Rows }),
            CatalogueFiles = data.CatalogueFiles.Select(f => new { f.File, f.Layout, f.RowsRead, f.RowsAccepted, f.RowsRejected }),
            FirstOrder = data.FirstOrder,
            LastOrder = data.LastOrder,
            data.Customers,
            data.Orders,
            data.PurchaseValue,
            data.ReturnValue,
            data.NetRevenue,
            Months = data.Months.Select(m => new { Month = ReportFormat.Date(m.Month), m.Revenue, m.Orders, m.ActiveCustomers, m.Partial }),
        });
    }

    private double Share(long rows) => data.RowsRead == 0 ? double.NaN : (double)rows / data.RowsRead;

    private static TableRow Row(string label, long count, double share, string kind, bool emphasis = false) =>
        new([label, ReportFormat.Count(count), ReportFormat.Percent(share)])
        {
            Emphasis = emphasis,
            Data = new Dictionary<string, string> { ["kind"] = kind, ["rows"] = ReportFormat.Exact(count) },
        };

    private static ReportTable FilesTable(string id, string title, IReadOnlyList<SourceFileSummary> files) => new(
        id,
        title,
        [new TableColumn("file", Wrap: true), new TableColumn("layout"), new TableColumn("read", Numeric: true), new TableColumn("accepted", Numeric: true), new TableColumn("rejected", Numeric: true)],
        files.Select(f => new TableRow([f.File, f.Layout, ReportFormat.Count(f.RowsRead), ReportFormat.Count(f.RowsAccepted), ReportFormat.Count(f.RowsRejected)])).ToList());
}
