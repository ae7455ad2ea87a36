using System.CommandLine;
using System.Text.Json;
using Clientele.Core;
using Clientele.Data.Ingest;
using Clientele.Pipeline;
using Spectre.Console;

namespace Clientele.Cli;

/// <summary><c>clientele ingest orders|products|reviews|events FILE</c>: reads a file into the store, accounting for every row.</summary>
internal static class IngestCommand
{
    public static Command Create(TextWriter output)
    {
        var file = new Argument<string?>("FILE") { Description = "Order lines: CSV (plain or .gz) or Parquet (none with --query)", Arity = ArgumentArity.ZeroOrOne };
        var query = new Option<string?>("--query") { Description = "Instead of FILE: a DuckDB query over your files (read_csv, read_parquet, read_json, joins); its columns are matched like a header (name them customer_id, ordered_at, … or use --map)" };
        var store = CommonOptions.Store();
        var schema = new Option<string?>("--schema")
        {
            Description = $"Layout: auto (detects online-retail or cdnow), online-retail, cdnow, generic (with --map) (default {new IngestOptions().Schema.ToString().ToLowerInvariant()})",
        };
        schema.AcceptOnlyFromAmong("auto", "online-retail", "cdnow", "generic");
        var map = new Option<string[]>("--map")
        {
            Description = $"For --schema generic: field=Column, repeated. Fields: {string.Join(", ", OrderField.All)}",
            AllowMultipleArgumentsPerToken = true,
        };
        var dateFormat = DateFormatOption("order");
        var decimalSeparator = DecimalOption();
        var encoding = EncodingOption();
        var rejects = RejectsOption();
        var format = CommonOptions.Output();

        var orders = new Command("orders", "Ingest order lines (one transaction per file; re-ingesting the same file adds nothing)")
        {
            file, store, schema, map, dateFormat, decimalSeparator, encoding, rejects, format,
        };
        var orderLimits = new IngestLimitOptions(orders, overlap: true);
        orders.Options.Add(query);
        orders.SetAction((parse, cancellation) =>
        {
            var options = new IngestOptions
            {
                Schema = ParseSchema(parse.GetValue(schema)),
                Map = ParseMap(parse.GetValue(map) ?? []),
                DateFormat = parse.GetValue(dateFormat),
                DecimalSeparator = ParseDecimal(parse.GetValue(decimalSeparator)),
                Encoding = parse.GetValue(encoding),
                RejectsPath = parse.GetValue(rejects),
                Limits = orderLimits.Read(parse),
            };
            var json = parse.GetValue(format) == "json";
            var (path, sql) = (parse.GetValue(file), parse.GetValue(query));
            if ((path is null) == (sql is null))
            {
                throw new ClienteleException(sql is null ? "ingest orders needs a FILE or --query \"SELECT …\"" : "give either a FILE or --query, not both");
            }
            return Task.FromResult(Report(output, json, sql is not null
                ? IngestJob.RunQuery(parse.GetValue(store)!, sql, options, progress: null, cancellation)
                : Run(output, json, parse.GetValue(store)!, path!, options, cancellation)));
        });
        var products = TableCommand(output, "products", "Ingest a product catalogue: product_id, title, description, category, price (CSV, plain or .gz)", CatalogIngestor.ProductFields, IngestJob.RunProducts);
        var reviews = TableCommand(output, "reviews", "Ingest reviews: customer_id, product_id, rating (1-5), text, date (CSV, plain or .gz)", CatalogIngestor.ReviewFields, IngestJob.RunReviews);
        return new Command("ingest", "Read data into the store") { orders, products, reviews, Events(output) };
    }

    /// <summary><c>ingest events</c>: behaviour events from CSV (with or without a header), Parquet or JSON lines.</summary>
    private static Command Events(TextWriter output)
    {
        var file = new Argument<string>("FILE") { Description = "Events: CSV (plain or .gz, with a header or mapped by position without one), Parquet, or JSON lines (flat, or sessions holding an array of events)" };
        var store = CommonOptions.Store();
        var map = new Option<string[]>("--map")
        {
            Description = $"field=Column for columns named otherwise, or field=N (1-based position) for a CSV without a header, repeated. Fields: {string.Join(", ", EventFields.All)}",
            AllowMultipleArgumentsPerToken = true,
        };
        var eventType = new Option<string[]>("--event-type")
        {
            Description = $"TYPE=theirs: the file's name for one of our types, repeated (types: {string.Join(", ", EventTypes.All)}; common names such as pv, click, cart, fav, buy, order are known already)",
            AllowMultipleArgumentsPerToken = true,
        };
        var unit = new Option<string>("--timestamp-unit")
        {
            Description = "How numeric timestamps are read: auto (9-10 digits Unix seconds, 12-13 milliseconds), seconds, milliseconds",
            DefaultValueFactory = _ => "auto",
        };
        unit.AcceptOnlyFromAmong("auto", "seconds", "milliseconds");
        var dateFormat = DateFormatOption("event");
        var encoding = EncodingOption();
        var rejects = RejectsOption();
        var format = CommonOptions.Output();
        var command = new Command("events", "Ingest behaviour events: views, cart adds and removes, searches, wishlist adds, purchases; one transaction per file, re-ingesting the same file adds nothing")
        {
            file, store, map, eventType, unit, dateFormat, encoding, rejects, format,
        };
        var limits = new IngestLimitOptions(command, overlap: false);
        command.SetAction((parse, cancellation) =>
        {
            var options = new EventIngestOptions
            {
                Map = ParseMap(parse.GetValue(map) ?? []),
                EventTypes = ParseEventTypes(parse.GetValue(eventType) ?? []),
                TimestampUnit = parse.GetValue(unit) switch
                {
                    "seconds" => TimestampUnit.Seconds,
                    "milliseconds" => TimestampUnit.Milliseconds,
                    _ => TimestampUnit.Auto,
                },
                DateFormat = parse.GetValue(dateFormat),
                Encoding = parse.GetValue(encoding),
                RejectsPath = parse.GetValue(rejects),
                Limits = limits.Read(parse),
            };
            var json = parse.GetValue(format) == "json";
            var storePath = parse.GetValue(store)!;
            var path = parse.GetValue(file)!;
            return Task.FromResult(Report(output, json, WithProgress(output, json, path, progress => IngestJob.RunEvents(storePath, path, options, progress, cancellation))));
        });
        return command;
    }

    /// <summary><c>--event-type TYPE=theirs</c> pairs as their name → our type.</summary>
    private static Dictionary<string, string> ParseEventTypes(string[] pairs)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var parts = pair.Split('=', 2);
            if (parts.Length != 2 || parts[0].Trim().Length == 0 || parts[1].Trim().Length == 0)
            {
                throw new ClienteleException($"--event-type {pair}: expected TYPE=theirs, e.g. --event-type cart_add=basket (types: {string.Join(", ", EventTypes.All)})");
            }
            names[parts[1].Trim()] = parts[0].Trim();
        }
        return names;
    }

    private static Option<string?> DateFormatOption(string what) => new("--date-format")
    {
        Description = $"The {what} date's format when it is not ISO 8601, yyyyMMdd or Unix time: day-first, month-first, or a .NET format such as \"dd/MM/yyyy HH:mm\" (default: day or month first as the file's own dates show)",
    };

    private static Option<string?> DecimalOption()
    {
        var option = new Option<string?>("--decimal") { Description = "The decimal separator of prices: . or , (default: a point, or a comma when every price in the file is written like 2,55)" };
        option.AcceptOnlyFromAmong(".", ",");
        return option;
    }

    private static Option<string?> RejectsOption() => new("--rejects")
    {
        Description = "Where to write the rejected rows (default: rejects/FILE.rejects.csv beside a DuckDB store, under the current folder for PostgreSQL)",
    };

    private static Option<string?> EncodingOption() => new("--encoding")
    {
        Description = "The file's text encoding when it is not UTF-8 (UTF-16 and UTF-32 are recognised): latin1, windows-1252, or another name such as iso-8859-15",
    };

    private static char? ParseDecimal(string? value) => value is null ? null : value[0];

    private static int Report(TextWriter output, bool json, IngestSummary summary)
    {
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(summary, CommonOptions.Json));
        }
        else
        {
            Print(CliApp.HumanConsole(output), summary);
        }
        return 0;
    }

    /// <summary><c>ingest products</c> and <c>ingest reviews</c>: the same options, another reader.</summary>
    private static Command TableCommand(
        TextWriter output, string name, string description, IReadOnlyList<string> fields,
        Func<string, string, TableIngestOptions, IProgress<IngestProgress>?, CancellationToken, IngestSummary> ingest)
    {
        var file = new Argument<string>("FILE") { Description = "CSV with a header (plain or .gz)" };
        var store = CommonOptions.Store();
        var map = new Option<string[]>("--map")
        {
            Description = $"field=Column for columns named otherwise, repeated. Fields: {string.Join(", ", fields)}",
            AllowMultipleArgumentsPerToken = true,
        };
        var rejects = RejectsOption();
        var format = CommonOptions.Output();
        var decimalSeparator = DecimalOption();
        var encoding = EncodingOption();
        var command = new Command(name, description + "; one transaction per file, re-ingesting the same file adds nothing") { file, store, map, decimalSeparator, encoding, rejects, format };
        Option<string?>? dateFormat = null;
        if (fields.Contains("date"))
        {
            dateFormat = DateFormatOption("review");
            command.Options.Add(dateFormat);
        }
        var limits = new IngestLimitOptions(command, overlap: false);
        command.SetAction((parse, cancellation) =>
        {
            var options = new TableIngestOptions
            {
                Map = ParseMap(parse.GetValue(map) ?? []),
                DateFormat = dateFormat is null ? null : parse.GetValue(dateFormat),
                DecimalSeparator = ParseDecimal(parse.GetValue(decimalSeparator)),
                Encoding = parse.GetValue(encoding),
                RejectsPath = parse.GetValue(rejects),
                Limits = limits.Read(parse),
            };
            var json = parse.GetValue(format) == "json";
            var storePath = parse.GetValue(store)!;
            var path = parse.GetValue(file)!;
            return Task.FromResult(Report(output, json, WithProgress(output, json, path, progress => ingest(storePath, path, options, progress, cancellation))));
        });
        return command;
    }

    /// <summary>Runs the ingest, with a progress bar when a person is watching.</summary>
    internal static IngestSummary Run(TextWriter output, bool json, string storePath, string file, IngestOptions options, CancellationToken cancellation = default) =>
        WithProgress(output, json, file, progress => IngestJob.Run(storePath, file, options, progress, cancellation));

    private static IngestSummary WithProgress(TextWriter output, bool json, string file, Func<IProgress<IngestProgress>?, IngestSummary> ingest)
    {
        if (!CommonOptions.ShowProgress(output, json))
        {
            return ingest(null);
        }
        IngestSummary? summary = null;
        AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask($"reading {Path.GetFileName(file)}", maxValue: 1);
                var reading = $"reading {Path.GetFileName(file)}";
                summary = ingest(new SynchronousProgress<IngestProgress>(p =>
                {
                    // Each stage of a bulk ingest (scan, DuckDB's read, the write, the parser's lines) fills the bar anew.
                    task.Description = p.Stage ?? reading;
                    task.Value = p.TotalBytes == 0 ? 1 : (double)p.BytesConsumed / p.TotalBytes;
                }));
            });
        return summary!;
    }

    internal static void Print(IAnsiConsole console, IngestSummary s)
    {
        if (s.AlreadyIngested)
        {
            console.MarkupLine(Path.IsPathRooted(s.File)
                ? $"[yellow]Already ingested[/] on {s.IngestedAt:yyyy-MM-dd HH:mm} UTC as {Markup.Escape(s.File)} (same SHA-256); nothing added."
                : $"[yellow]Already ingested[/] on {s.IngestedAt:yyyy-MM-dd HH:mm} UTC: the same query over the same files; nothing added.");
        }
        // Files are recorded by full path; a --query by its text.
        console.MarkupLine($"[bold]{Markup.Escape(Path.IsPathRooted(s.File) ? Path.GetFileName(s.File) : "--query")}[/] ({s.Layout}) → {Markup.Escape(s.Store)}");
        var table = new Table().Border(TableBorder.Simple).AddColumn("rows").AddColumn(new TableColumn("count").RightAligned());
        table.AddRow("read", CommonOptions.Number(s.Read));
        table.AddRow("accepted", CommonOptions.Number(s.Accepted));
        if (s.Layout is not (CatalogIngestor.ProductsLayout or CatalogIngestor.ReviewsLayout or EventIngestor.EventsLayout))
        {
            table.AddRow("  of which returns", CommonOptions.Number(s.ReturnLines));
        }
        if (s.RoundedPrices > 0)
        {
            table.AddRow("  of which prices rounded from float artefacts", CommonOptions.Number(s.RoundedPrices));
        }
        foreach (var type in s.EventsByType ?? [])
        {
            table.AddRow(Markup.Escape($"  {type.Type}"), CommonOptions.Number(type.Events));
        }
        table.AddRow("rejected", CommonOptions.Number(s.Rejected));
        foreach (var r in s.RejectedByReason)
        {
            table.AddRow(Markup.Escape($"  {r.Description}{(r.Column is null ? "" : $" ({r.Column})")}"), CommonOptions.Number(r.Rows));
        }
        console.Write(table);
        console.MarkupLine($"read {CommonOptions.Number(s.Read)} = accepted {CommonOptions.Number(s.Accepted)} + rejected {CommonOptions.Number(s.Rejected)}");
        if (s.Timestamps is not null)
        {
            console.MarkupLine($"timestamps: {Markup.Escape(s.Timestamps)}");
        }
        if (s.EventPeople is { } people)
        {
            console.MarkupLine(
                $"people in the store's events: customers {CommonOptions.Number(people.Customers)}, anonymous visitors {CommonOptions.Number(people.AnonymousVisitors)}, "
                + $"visitors linked to a customer {CommonOptions.Number(people.LinkedVisitors)}");
            if (people.CustomersWithOrders < people.Customers)
            {
                // Ids written differently in the two files (00042 and 42) never meet: say so rather than let the funnel and profiles stay silent.
                console.MarkupLine(
                    $"[yellow]{CommonOptions.Number(people.Customers - people.CustomersWithOrders)} of the {CommonOptions.Number(people.Customers)} customer ids in the events match no customer with order lines[/] "
                    + "(not ordered yet, or written otherwise in the order file, e.g. 00042 and 42)");
            }
            if (people.CategoriesFromEvents > 0)
            {
                console.MarkupLine($"catalogue: {CommonOptions.Number(people.CategoriesFromEvents)} products take their category from the events");
            }
        }
        if (s.RejectsFile is not null)
        {
            console.MarkupLine($"rejected rows (line, column, reason, raw): {Markup.Escape(s.RejectsFile)}");
        }
        if (s.Overlap > 0)
        {
            console.MarkupLine($"[yellow]{CommonOptions.Number(s.Overlap)} lines were already in the store from another file[/] and were not added again (--allow-overlap adds them).");
        }
        foreach (var warning in s.Warnings)
        {
            console.MarkupLine($"[yellow]warning:[/] {Markup.Escape(warning)}");
        }
    }

    /// <summary>The layout --schema names; without the option, <see cref="IngestOptions"/>' default.</summary>
    private static OrderFileSchema ParseSchema(string? value) => value switch
    {
        null => new IngestOptions().Schema,
        "online-retail" => OrderFileSchema.OnlineRetail,
        "cdnow" => OrderFileSchema.Cdnow,
        "generic" => OrderFileSchema.Generic,
        _ => OrderFileSchema.Auto,
    };

    private static Dictionary<string, string> ParseMap(string[] pairs)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var parts = pair.Split('=', 2);
            if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
            {
                throw new ClienteleException($"--map {pair}: expected field=Column, e.g. --map customer_id=CustomerNo");
            }
            map[parts[0].Trim()] = parts[1].Trim();
        }
        return map;
    }
}
