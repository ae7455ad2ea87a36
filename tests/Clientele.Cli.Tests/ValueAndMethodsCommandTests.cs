namespace Clientele.Cli.Tests;

/// <summary>The value, evaluate and clustering-method commands through the real entry point, on the CDNOW sample.</summary>
public sealed class ValueAndMethodsCommandTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly string _store;

    public ValueAndMethodsCommandTests()
    {
        _store = _temp.File("cdnow.duckdb");
        Cli.Ok("ingest", "orders", TestData.Sample("CDNOW_sample.txt"), "--store", _store, "--output", "json");
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Value_Json_ReportsThePublishedParameters()
    {
        var json = Cli.Ok("value", "--store", _store, "--as-of", "1997-10-01", "--out", _temp.File("out"), "--output", "json").Json();

        // r = 0.2426 (Fader, Hardie & Lee 2005; ../shared/data/cdnow/README.md).
        var r = json.GetProperty("transaction_model").GetProperty("parameters")[0];
        Assert.Equal("r", r.GetProperty("name").GetString());
        Assert.Equal(0.2426, r.GetProperty("value").GetDouble(), 4);
        Assert.Equal(2_357, json.GetProperty("customers").GetInt32());
        Assert.True(File.Exists(_temp.File("out/value-model.json")));
    }

    /// <summary>Events of three customers before the training cutoff (1997-04-04): the churn model takes the behaviour columns and both AUCs are printed and in the JSON.</summary>
    [Fact]
    public void Value_WithEvents_PrintsTheHeldOutAucWithAndWithoutBehaviour()
    {
        var events = _temp.Write("events.csv", "customer_id,event_type,product_id,timestamp\n1,view,a,1997-02-01 10:00:00\n2,view,a,1997-02-03 11:00:00\n2,cart_add,a,1997-02-03 11:05:00\n3,view,b,1997-03-20 09:00:00\n");
        Cli.Ok("ingest", "events", events, "--store", _store);

        var text = Cli.Ok("value", "--store", _store, "--as-of", "1997-10-01", "--out", _temp.File("out")).Out;
        var json = Cli.Ok("value", "--store", _store, "--as-of", "1997-10-01", "--out", _temp.File("out"), "--output", "json").Json().GetProperty("churn");

        Assert.Contains("LightGbm on the features and behaviour", text, StringComparison.Ordinal);
        var without = json.GetProperty("test_auc_without_behaviour").GetDouble();
        Assert.Contains(
            $"held-out AUC {json.GetProperty("test_auc").GetDouble():0.000} with them, {without:0.000} without (same split)",
            string.Join(' ', text.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries)),
            StringComparison.Ordinal);
        Assert.Equal(7, json.GetProperty("behaviour_columns").GetArrayLength());
        Assert.Equal("has events", json.GetProperty("behaviour_columns")[6].GetString());
    }

    [Fact]
    public void EvaluateValue_Json_HoldoutTotalAsPublished()
    {
        var json = Cli.Ok("evaluate", "value", "--store", _store, "--calibration-end", "1997-10-01", "--observation-end", "1998-07-01", "--output", "json").Json();
        Assert.Equal(1_882, json.GetProperty("actual_total").GetDouble()); // ../shared/data/cdnow/README.md
    }

    [Fact]
    public void EvaluateValue_MissingCalibrationEnd_UsageError()
    {
        var result = Cli.Run("evaluate", "value", "--store", _store);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--calibration-end", result.Err, StringComparison.Ordinal);
    }

    /// <summary>
    /// Two customers with identical histories and one who never came back: no penaliser of the ladder identifies BG/NBD,
    /// and the one-line error (exit 1) says what was tried and advises the next penaliser as the flag, not the library's
    /// PenalizerCoefficient = 0.001 it had just tried.
    /// </summary>
    [Fact]
    public void Value_NoPenalizerIdentifies_OneLineErrorAdvisingTheNextPenalizerFlag()
    {
        var store = _temp.File("tiny.duckdb");
        Cli.Ok("ingest", "orders", _temp.Write("tiny.csv", """
            InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
            1001,A,apple,2,2011-01-10 09:00:00,1.50,11,UK
            1002,A,apple,1,2011-02-10 10:00:00,1.50,11,UK
            1003,A,apple,2,2011-01-10 09:00:00,1.50,12,UK
            1004,A,apple,1,2011-02-10 10:00:00,1.50,12,UK
            1005,B,pear,1,2011-03-10 10:00:00,4.00,13,UK
            """), "--store", store);

        var result = Cli.Run("value", "--store", store, "--out", _temp.File("tiny-out"));

        Cli.AssertOneLineError(result, "fitted without a penaliser, then with 0.001 and 0.01. Try a larger penaliser (--penalizer 0.1;");
        Assert.DoesNotContain("PenalizerCoefficient", result.Err, StringComparison.Ordinal);
        Cli.AssertOneLineError(Cli.Run("value", "--store", store, "--out", _temp.File("tiny-out"), "--penalizer", "0.05"), "fitted with --penalizer 0.05. Try a larger penaliser (--penalizer 0.5;");
    }

    [Fact]
    public void Value_HorizonZero_OneLineError() =>
        Cli.AssertOneLineError(Cli.Run("value", "--store", _store, "--horizon-days", "0", "--out", _temp.File("out")), "--horizon-days 0");

    [Theory]
    [InlineData("hierarchical")]
    [InlineData("dbscan")]
    [InlineData("gmm")]
    public void Segment_OtherMethods_WriteOneClusterPerCustomer(string method)
    {
        var json = Cli.Ok("segment", "--store", _store, "--method", method, "--out", _temp.File(method), "--output", "json").Json();
        Assert.Equal(method, json.GetProperty("method").GetString());
        var rows = Csv.Read(_temp.File($"{method}/customers.csv"));
        Assert.Equal(2_358, rows.Count); // header + 2,357 customers
        Assert.All(rows.Skip(1), r => Assert.NotEqual("", r[10]));
    }

    [Fact]
    public void Segment_FeaturesWithBadCell_OneLineErrorWithLineAndColumn()
    {
        var table = _temp.Write("features.csv", "id,spend,visits\na,1,2\nb,2,x\n");
        var result = Cli.Run("segment", "--features", table, "--method", "kmeans", "--k", "2", "--out", _temp.File("out"));
        Cli.AssertOneLineError(result, "features.csv, line 3, column visits");
    }

    [Fact]
    public void Segment_FeaturesWithRfm_OneLineError() =>
        Cli.AssertOneLineError(
            Cli.Run("segment", "--features", _temp.Write("f.csv", "id,x\na,1\nb,2\n"), "--method", "rfm", "--out", _temp.File("out")),
            "--method rfm");
}

/// <summary>Each command's --out help names only files that the command writes (issue 13).</summary>
public sealed class OutHelpTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>The files named in the --out line of the command's help, as a user sees it.</summary>
    private static string[] NamedFiles(string command)
    {
        var help = Cli.Ok(command, "--help").Out;
        var start = help.IndexOf("--out <out>", StringComparison.Ordinal);
        Assert.True(start >= 0, help);
        var end = help.IndexOf("\n  -", start, StringComparison.Ordinal);
        var line = help[start..(end < 0 ? help.Length : end)];
        return System.Text.RegularExpressions.Regex.Matches(line, @"[a-z-]+\.(?:csv|json|zip|html)|figures/").Select(m => m.Value.TrimEnd('/')).ToArray();
    }

    [Fact]
    public void Out_SegmentValueReportAssign_EveryNamedFileIsWritten()
    {
        var store = _temp.File("retail.duckdb");
        Cli.Ok("ingest", "orders", TestData.Sample("online_retail.csv.gz"), "--store", store, "--rejects", _temp.File("r.csv"));

        var segmentOut = _temp.File("segment");
        foreach (var args in new[] { new[] { "segment", "--method", "kmeans", "--k", "3" }, ["value"], ["assign"], ["recommend"] })
        {
            Cli.Ok([.. args, "--store", store, "--out", segmentOut]);
            var named = NamedFiles(args[0]);
            Assert.NotEmpty(named);
            Assert.All(named, f => Assert.True(Path.Exists(Path.Combine(segmentOut, f)), $"{args[0]} --out names {f}, which it did not write"));
        }

        var reportOut = _temp.File("report");
        Cli.Ok("report", "--store", store, "--out", reportOut);
        var reportFiles = NamedFiles("report");
        Assert.All(reportFiles, f => Assert.True(Path.Exists(Path.Combine(reportOut, f)), $"report --out names {f}, which it did not write"));
        Assert.Equal(8, reportFiles.Length); // report.html, figures/ and six files

        // refresh writes what segment, value, recommend and report write.
        var refreshOut = _temp.File("refresh");
        Cli.Ok("refresh", "--store", store, "--out", refreshOut);
        Assert.All(reportFiles, f => Assert.True(Path.Exists(Path.Combine(refreshOut, f)), $"refresh --out: no {f}"));
    }
}
