using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Clientele.Pipeline;
using Clientele.Value;
using Spectre.Console;

namespace Clientele.Cli;

/// <summary><c>clientele value</c>: lifetime value, P(alive) and expected purchases per customer.</summary>
internal static class ValueCommand
{
    /// <summary>The request's defaults, which an option without a value leaves alone (and the help shows).</summary>
    private static readonly ValueRequest Defaults = new() { StorePath = "", OutputDirectory = "" };

    public static Command Create(TextWriter output) => Create(output, out _);

    /// <summary>The command, and how it turns what was parsed into the request it runs.</summary>
    internal static Command Create(TextWriter output, out Func<ParseResult, ValueRequest> requestOf)
    {
        var store = CommonOptions.Store();
        var asOf = new Option<string?>("--as-of") { Description = "First day not observed, yyyy-MM-dd (default: the day after the last order)" };
        var horizon = new Option<int?>("--horizon-days") { Description = $"Horizon of expected purchases and CLV, in days (default {Defaults.HorizonDays})" };
        var model = ModelOption();
        var discount = new Option<double?>("--discount-rate") { Description = $"CLV discount rate per 30-day month (default {Defaults.MonthlyDiscountRate.ToString(CultureInfo.InvariantCulture)})" };
        var churnDays = new Option<int?>("--churn-days") { Description = $"Churn = no purchase in the next this many days (default {Defaults.ChurnDays})" };
        var valueClassDays = new Option<int?>("--value-class-days")
        {
            Description = $"New customers' value class: high value in this many days after their first {Defaults.ValueClassFirstDays} (shortened if the history is too short) (default {Defaults.ValueClassHorizonDays})",
        };
        var penalizer = new Option<double?>("--penalizer")
        {
            Description = $"L2 penalty on the model parameters (0 = plain maximum likelihood) (default {Defaults.Penalizer.ToString(CultureInfo.InvariantCulture)})",
        };
        var outDir = CommonOptions.Out(CommonOptions.OutHelp.Value);
        var format = CommonOptions.Output();
        var command = new Command("value", "Fit BG/NBD (or Pareto/NBD) and Gamma-Gamma; add expected_purchases, p_alive, expected_avg_spend, clv to customers.csv; write value-model.json")
        {
            store, asOf, horizon, model, discount, churnDays, valueClassDays, penalizer, outDir, format,
        };
        Func<ParseResult, ValueRequest> toRequest = parse => new ValueRequest
        {
            StorePath = parse.GetValue(store)!,
            OutputDirectory = parse.GetValue(outDir)!,
            AsOf = SegmentCommand.ParseDate(parse.GetValue(asOf)),
            HorizonDays = parse.GetValue(horizon) ?? Defaults.HorizonDays,
            Model = parse.GetValue(model) is { } m ? ParseModel(m) : Defaults.Model,
            MonthlyDiscountRate = parse.GetValue(discount) ?? Defaults.MonthlyDiscountRate,
            Penalizer = parse.GetValue(penalizer) ?? Defaults.Penalizer,
            ChurnDays = parse.GetValue(churnDays) ?? Defaults.ChurnDays,
            ValueClassHorizonDays = parse.GetValue(valueClassDays) ?? Defaults.ValueClassHorizonDays,
        };
        requestOf = toRequest;
        command.SetAction(parse =>
        {
            var request = toRequest(parse);
            var json = parse.GetValue(format) == "json";
            var result = UserErrors.Guard(() => JobProgressDisplay.Run(output, json, progress => ValueJob.Run(request with { Progress = progress })));
            if (json)
            {
                output.WriteLine(JsonSerializer.Serialize(Summary(result), CommonOptions.Json));
                return 0;
            }
            Print(CliApp.HumanConsole(output), result);
            return 0;
        });
        return command;
    }

    internal static Option<string?> ModelOption()
    {
        var model = new Option<string?>("--model") { Description = $"Transaction model: bg-nbd or pareto-nbd (default {ModelName(Defaults.Model)})" };
        model.AcceptOnlyFromAmong("bg-nbd", "pareto-nbd");
        return model;
    }

    private static string ModelName(TransactionModelKind model) => model == TransactionModelKind.ParetoNbd ? "pareto-nbd" : "bg-nbd";

    internal static TransactionModelKind ParseModel(string value) => value == "pareto-nbd" ? TransactionModelKind.ParetoNbd : TransactionModelKind.BetaGeo;

    private static object Summary(ValueResult r) => new
    {
        r.Store,
        AsOf = r.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        r.HorizonDays,
        Customers = r.Customers.Count,
        TransactionModel = new { r.Transactions.Parameters, r.Transactions.LogLikelihood, r.Transactions.Penalizer },
        SpendModel = new { r.SpendModel.Parameters, r.SpendModel.LogLikelihood, RepeatCustomers = r.SpendModel.NumberOfCustomers },
        ExpectedPurchases = r.Customers.Sum(c => c.ExpectedPurchases),
        TotalClv = r.Customers.Sum(c => c.Clv),
        Churn = r.Churn is null ? (object)new { Skipped = r.ChurnSkipped } : new
        {
            r.Churn.HorizonDays,
            r.Churn.Test.TrainingRows,
            r.Churn.TrainingCustomers,
            TestRows = r.Churn.Test.Test.Count,
            r.Churn.TestCustomers,
            r.Churn.Sample,
            TestAuc = r.Churn.Test.Test.Auc,
            r.Churn.Test.Test.Precision,
            r.Churn.Test.Test.Recall,
            OneMinusPAliveAuc = r.Churn.Comparison.NotAlive.Auc,
            BgNbdNoPurchaseAuc = r.Churn.Comparison.NoPurchase?.Auc,
            BaseRate = r.Churn.Test.Test.BaseRate,
            BehaviourColumns = r.Churn.Behaviour?.Columns,
            TestAucWithoutBehaviour = r.Churn.Behaviour?.WithoutBehaviour.Auc,
            r.Churn.BehaviourSkipped,
            UsedForDecisions = r.Churn.Support.Usable,
            r.Churn.Support.NotUsedBecause,
        },
        ValueClass = r.ValueClass is null ? (object)new { Skipped = r.ValueClassSkipped } : new
        {
            r.ValueClass.FirstDays,
            r.ValueClass.HorizonDays,
            r.ValueClass.Candidates,
            r.ValueClass.Model.TrainingRows,
            CrossValidatedAuc = r.ValueClass.Model.CrossValidation.Select(c => new { Algorithm = c.Algorithm.ToString(), c.Mean, c.StandardDeviation }),
            UsedForDecisions = r.ValueClass.Support.Usable,
            r.ValueClass.Support.NotUsedBecause,
        },
        DataChecks = r.Checks,
        r.AliveVersusChurn,
        r.CustomersFile,
        r.ModelFile,
    };

    private static string F(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);

    internal static Table ParameterTable(IEnumerable<ParameterEstimate> parameters, string title)
    {
        var table = new Table().Border(TableBorder.Simple).Title(title)
            .AddColumn("parameter").AddColumn(new TableColumn("estimate").RightAligned())
            .AddColumn(new TableColumn("std. error").RightAligned()).AddColumn(new TableColumn("95% interval").RightAligned());
        foreach (var p in parameters)
        {
            table.AddRow(
                p.Name,
                p.Value.ToString("G5", CultureInfo.InvariantCulture),
                p.StandardError.ToString("G4", CultureInfo.InvariantCulture),
                $"{p.LowerBound95.ToString("G4", CultureInfo.InvariantCulture)} – {p.UpperBound95.ToString("G4", CultureInfo.InvariantCulture)}");
        }
        return table;
    }

    private static void Print(IAnsiConsole console, ValueResult r)
    {
        console.MarkupLine($"[bold]{CommonOptions.Number(r.Customers.Count)} customers[/] as of {r.AsOf:yyyy-MM-dd}, horizon {r.HorizonDays} days (times in weeks)");
        console.Write(ParameterTable(r.Transactions.Parameters, $"transaction model (log-likelihood {r.Transactions.LogLikelihood.ToString("0.00", CultureInfo.InvariantCulture)})"));
        if (r.Transactions.Penalizer > 0)
        {
            console.MarkupLine($"[yellow]fitted with an L2 penaliser of {r.Transactions.Penalizer.ToString(CultureInfo.InvariantCulture)}[/]: without one the parameters were not identified");
        }
        console.Write(ParameterTable(r.SpendModel.Parameters, $"Gamma-Gamma spend, {CommonOptions.Number(r.SpendModel.NumberOfCustomers)} repeat buyers (log-likelihood {r.SpendModel.LogLikelihood.ToString("0.00", CultureInfo.InvariantCulture)})"));
        var top = r.Customers.OrderByDescending(c => c.Clv).Take(5);
        var table = new Table().Border(TableBorder.Simple).Title("highest CLV")
            .AddColumn("customer").AddColumn(new TableColumn("expected purchases").RightAligned()).AddColumn(new TableColumn("P(alive)").RightAligned())
            .AddColumn(new TableColumn("expected spend").RightAligned()).AddColumn(new TableColumn("CLV").RightAligned());
        foreach (var c in top)
        {
            table.AddRow(
                Markup.Escape(c.CustomerId),
                c.ExpectedPurchases.ToString("0.0", CultureInfo.InvariantCulture),
                c.ProbabilityAlive.ToString("0.00", CultureInfo.InvariantCulture),
                c.ExpectedAverageSpend.ToString("N2", CultureInfo.InvariantCulture),
                c.Clv.ToString("N0", CultureInfo.InvariantCulture));
        }
        console.Write(table);
        console.MarkupLine($"expected purchases in the horizon: {r.Customers.Sum(c => c.ExpectedPurchases).ToString("N0", CultureInfo.InvariantCulture)}; total CLV {r.Customers.Sum(c => c.Clv).ToString("N0", CultureInfo.InvariantCulture)}");
        if (r.Churn is { } churn)
        {
            var churnTable = new Table().Border(TableBorder.Simple)
                .Title($"churn = no purchase in {churn.HorizonDays} days: trained at {churn.TrainCutoff:yyyy-MM-dd}, tested at {churn.TestCutoff:yyyy-MM-dd}")
                .AddColumn("score").AddColumn(new TableColumn("AUC").RightAligned()).AddColumn(new TableColumn("precision").RightAligned())
                .AddColumn(new TableColumn("recall").RightAligned()).AddColumn(new TableColumn("Brier").RightAligned());
            void Row(string name, Clientele.Value.Classification.BinaryEvaluation? e)
            {
                if (e is not null)
                {
                    churnTable.AddRow(name, F(e.Auc), F(e.Precision), F(e.Recall), F(e.BrierScore));
                }
            }
            Row(churn.Behaviour is null ? "LightGbm on the features" : "LightGbm on the features and behaviour", churn.Comparison.Supervised);
            Row("1 − P(alive) (BG/NBD)", churn.Comparison.NotAlive);
            Row("P(no purchase) (BG/NBD)", churn.Comparison.NoPurchase);
            console.Write(churnTable);
            console.MarkupLine($"test base rate {F(churn.Test.Test.BaseRate)} of {CommonOptions.Number(churn.Comparison.Customers)} customers; precision and recall at {F(churn.Test.Test.Threshold)}; "
                + (churn.Support.Usable ? $"churn_risk from the model retrained at {churn.TestCutoff:yyyy-MM-dd}" : "[yellow]churn_risk left empty[/] (see below)"));
            if (churn.Sample is { } sample)
            {
                console.MarkupLine($"churn model {Markup.Escape(sample)}");
            }
            if (churn.Behaviour is { } behaviour)
            {
                console.MarkupLine($"behaviour columns used ({Markup.Escape(string.Join(", ", behaviour.Columns))}; {CommonOptions.Number(behaviour.TrainingCustomersWithEvents)} training and "
                    + $"{CommonOptions.Number(behaviour.TestCustomersWithEvents)} test customers with events): held-out AUC {F(churn.Test.Test.Auc)} with them, {F(behaviour.WithoutBehaviour.Auc)} without (same split)");
            }
            else if (churn.BehaviourSkipped is { } skipped)
            {
                console.MarkupLine($"[yellow]{Markup.Escape(skipped)}[/]");
            }
        }
        else
        {
            console.MarkupLine($"[yellow]no churn_risk[/]: {Markup.Escape(r.ChurnSkipped ?? "")}");
        }
        if (r.ValueClass is { } vc)
        {
            var auc = string.Join(", ", vc.Model.CrossValidation.Select(c => $"{c.Algorithm} {F(c.Mean)} ± {F(c.StandardDeviation)}"));
            console.MarkupLine($"value class of new customers (top 20% in the {vc.HorizonDays} days after their first {vc.FirstDays}"
                + (vc.HorizonDays < vc.RequestedHorizonDays ? $", shortened from {vc.RequestedHorizonDays} for the history" : "")
                + (vc.Model.TrainingRows < vc.Candidates ? $"; trained on a stratified sample of {CommonOptions.Number(vc.Model.TrainingRows)} of the {CommonOptions.Number(vc.Candidates)} customers" : "")
                + $"): {vc.Model.CrossValidation.Count}-algorithm {vc.Model.Options.Folds}-fold CV AUC {Markup.Escape(auc)}; "
                + (vc.Support.Usable ? $"p_high_value for {CommonOptions.Number(vc.Probability.Count)} new customers" : "[yellow]p_high_value left empty[/] (see below)"));
        }
        else
        {
            console.MarkupLine($"[yellow]no p_high_value[/]: {Markup.Escape(r.ValueClassSkipped ?? "")}");
        }
        if (r.AliveVersusChurn is { } sentence)
        {
            console.MarkupLine(Markup.Escape(sentence));
        }
        foreach (var check in r.Checks)
        {
            console.MarkupLine($"[yellow]caution[/] ({check.Code}): {Markup.Escape(check.Message)}");
        }
        console.MarkupLine(r.CustomersFileExtended
            ? $"added value columns to {Markup.Escape(r.CustomersFile)}"
            : $"wrote {Markup.Escape(r.CustomersFile)} (RFM columns and value columns)");
        console.MarkupLine($"wrote {Markup.Escape(r.ModelFile)}");
    }
}
