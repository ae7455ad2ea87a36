using System.Text.Json;
using Clientele.Tests;

namespace Clientele.Pipeline.Tests;

/// <summary>Issue 13 on Olist, where 99 % of customers bought once: the value outputs say what the data cannot carry.</summary>
public sealed class OlistValueTests(OlistStore olist) : IClassFixture<OlistStore>
{
    [SharedDataTheory(OlistSample.Orders, OlistSample.Items, OlistSample.Customers)]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Run_MostCustomersBoughtOnce_FlaggedAndPAliveExplainedBesideChurn(string engine)
    {
        var result = ValueJob.Run(new ValueRequest { StorePath = olist.Store(engine), OutputDirectory = Path.Combine(olist.Folder, engine + "-value") });

        // 5,057 of 5,092 customers have no repeat purchase (pandas 1.5.3 on the same join: 5,092 customer_unique_id
        // with a delivered order, 35 of them on two or more days).
        Assert.Equal(5_092, result.Customers.Count);
        var check = Assert.Single(result.Checks, c => c.Code == "one-time-buyers");
        Assert.Contains("5,057 of 5,092 customers (99.3 %)", check.Message, StringComparison.Ordinal);

        // What the check explains: every one of them has P(alive) = 1, whatever the churn model says.
        var table = CustomerTable.Read(result.CustomersFile);
        // (5,052 with one order, and 5 more with two orders on the same day.)
        Assert.Equal(5_057, table.CustomerIds.Count(id => table.Value(id, "p_alive") == "1"));
        Assert.Equal(5_052, table.CustomerIds.Count(id => table.Value(id, "frequency") == "1" && table.Value(id, "p_alive") == "1"));

        // Churn: nearly everyone churns in 90 days, which is flagged; where churn_risk is given, so is the sentence.
        var churn = result.Churn!;
        Assert.True(churn.Test.Test.BaseRate > 0.95);
        Assert.Contains(result.Checks, c => c.Code == "churn-base-rate");
        Assert.Equal(churn.Support.Usable, result.AliveVersusChurn is not null);
        Assert.Equal(churn.Support.Usable, table.CustomerIds.All(id => table.Value(id, "churn_risk") != ""));

        // A value class is used only when its cross-validated AUC can be told from a coin toss; otherwise its column is empty.
        var valueClass = result.ValueClass!;
        Assert.Equal(valueClass.Support.Usable, valueClass.Support.Lower > 0.5 && valueClass.Support.Auc >= 0.6);
        Assert.Equal(valueClass.Support.Usable, table.CustomerIds.Any(id => table.Value(id, "p_high_value") != ""));
        Assert.Equal(valueClass.Support.Usable, !result.Checks.Any(c => c.Code == "value-class-auc"));

        using var model = JsonDocument.Parse(File.ReadAllText(result.ModelFile));
        var checks = model.RootElement.GetProperty("data_checks").EnumerateArray().Select(c => c.GetProperty("code").GetString()).ToList();
        Assert.Equal(result.Checks.Select(c => c.Code), checks);
        Assert.Equal(churn.Support.Usable, model.RootElement.GetProperty("churn").GetProperty("used_for_decisions").GetBoolean());
        Assert.Equal(result.AliveVersusChurn, model.RootElement.GetProperty("alive_versus_churn").GetString());
    }
}
