using System.Globalization;
using Clientele.Core;
using Clientele.Marketing.Campaigns;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Clientele.Pipeline.Campaigns;

/// <summary>
/// Reads a campaign spec from YAML or JSON (JSON is YAML, so one reader serves both) and checks it with
/// <see cref="CampaignSpecValidator"/>. Every error names the file, line and column of the value at fault: the
/// YAML parser's marks are kept for every value read.
/// </summary>
public static class CampaignSpecReader
{
    private static readonly string[] TopKeys =
    [
        "name", "seed", "audience", "arms", "holdout_share", "frequency_cap", "suppression_file", "exclude_treated_within_days",
        "start", "end", "primary_metric", "guardrails", "minimum_detectable_effect", "alpha", "power", "prefer_winners", "recommender",
    ];

    private static readonly string[] AudienceKeys = ["segments", "segment_column", "where"];
    private static readonly string[] ArmKeys = ["name", "kind", "weight", "template", "coupon_value", "coupon_percent"];
    private static readonly string[] CapKeys = ["max_contacts", "days"];

    public static CampaignSpec Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new ClienteleException($"No campaign spec at {path}.");
        }
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses spec text; <paramref name="path"/> names it in errors and anchors a relative suppression file.</summary>
    public static CampaignSpec Parse(string text, string path)
    {
        ArgumentNullException.ThrowIfNull(text);
        var stream = new YamlStream();
        var parser = new Parser(new StringReader(text));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException e)
        {
            throw new ClienteleException($"not valid YAML or JSON: {FirstLine(e.Message)}", path, e.Start.Line, e.Start.Column.ToString(CultureInfo.InvariantCulture), e);
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner throws this on some malformed input (e.g. a flow list never closed); the parser's last
            // event is the nearest place it got to.
            var at = parser.Current?.End;
            throw new ClienteleException("not valid YAML or JSON: the text after this point cannot be parsed (an unclosed [ or { ?)", path, at?.Line, at?.Column.ToString(CultureInfo.InvariantCulture), e);
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new ClienteleException("expected a mapping of name, audience, arms, start, end, …", path, 1, "1");
        }
        var context = new Context(path);
        var spec = context.Spec(root);
        CampaignSpecValidator.Validate(spec);
        return spec;
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();

    private sealed class Context(string path)
    {
        private readonly Dictionary<string, SpecLocation> _locations = new(StringComparer.Ordinal);

        public CampaignSpec Spec(YamlMappingNode root)
        {
            var map = Mapping(root, "", TopKeys);
            Remember("", root);
            var name = RequiredText(map, "name", "");
            var audience = map.TryGetValue("audience", out var audienceNode) ? Audience(audienceNode) : new AudienceSpec([], null);
            if (!map.TryGetValue("arms", out var armsNode))
            {
                throw At(root, "the spec has no arms: give a control arm and at least one treatment");
            }
            var arms = Arms(armsNode);
            var suppression = OptionalText(map, "suppression_file", "");
            if (suppression is not null && !Path.IsPathRooted(suppression))
            {
                suppression = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".", suppression));
            }
            return new CampaignSpec
            {
                Name = name,
                Seed = OptionalText(map, "seed", "") ?? name,
                Audience = audience,
                Arms = arms,
                HoldoutShare = OptionalNumber(map, "holdout_share", "") ?? 0,
                FrequencyCap = map.TryGetValue("frequency_cap", out var capNode) ? Cap(capNode) : null,
                SuppressionFile = suppression,
                ExcludeTreatedWithinDays = OptionalInteger(map, "exclude_treated_within_days", ""),
                Start = RequiredDate(map, "start", root),
                End = RequiredDate(map, "end", root),
                PrimaryMetric = OptionalText(map, "primary_metric", "") is { } metric ? Metric(metric, map["primary_metric"], "primary_metric") : PrimaryMetric.Conversion,
                Guardrails = map.TryGetValue("guardrails", out var guardNode) ? Guardrails(guardNode) : [],
                MinimumDetectableEffect = OptionalNumber(map, "minimum_detectable_effect", "") ?? 0.1,
                Alpha = OptionalNumber(map, "alpha", "") ?? 0.05,
                Power = OptionalNumber(map, "power", "") ?? 0.8,
                PreferWinners = OptionalText(map, "prefer_winners", "") is { } rule ? Rule(rule, map["prefer_winners"]) : ArmPreferenceRule.None,
                Recommender = OptionalText(map, "recommender", "") ?? "item-knn",
                SourceFile = path,
                Locations = _locations,
            };
        }

        private AudienceSpec Audience(YamlNode node)
        {
            Remember("audience", node);
            var map = Mapping(node, "audience", AudienceKeys);
            var segments = new List<string>();
            if (map.TryGetValue("segments", out var segmentsNode))
            {
                Remember("audience.segments", segmentsNode);
                var list = segmentsNode as YamlSequenceNode ?? throw At(segmentsNode, "audience.segments: expected a list of segment names");
                for (var i = 0; i < list.Children.Count; i++)
                {
                    segments.Add(Scalar(list.Children[i], $"audience.segments[{i}]"));
                }
            }
            return new AudienceSpec(segments, OptionalText(map, "where", "audience"), OptionalText(map, "segment_column", "audience") ?? AudienceSpec.DefaultSegmentColumn);
        }

        private List<ArmSpec> Arms(YamlNode node)
        {
            Remember("arms", node);
            var list = node as YamlSequenceNode ?? throw At(node, "arms: expected a list of arms (name, kind, weight, …)");
            var arms = new List<ArmSpec>();
            for (var i = 0; i < list.Children.Count; i++)
            {
                var prefix = $"arms[{i}]";
                Remember(prefix, list.Children[i]);
                var map = Mapping(list.Children[i], prefix, ArmKeys);
                var kindText = RequiredText(map, "kind", prefix, list.Children[i]);
                var kind = kindText switch
                {
                    "control" => ArmKind.Control,
                    "coupon" => ArmKind.Coupon,
                    "recommendation" => ArmKind.Recommendation,
                    "message" => ArmKind.Message,
                    _ => throw At(map["kind"], $"{prefix}.kind: \"{kindText}\" is not an arm kind; expected control, coupon, recommendation or message"),
                };
                decimal? couponValue = null;
                if (map.TryGetValue("coupon_value", out var valueNode))
                {
                    var text = Scalar(valueNode, prefix + ".coupon_value");
                    couponValue = decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : throw At(valueNode, $"{prefix}.coupon_value: \"{text}\" is not a number");
                }
                arms.Add(new ArmSpec(
                    RequiredText(map, "name", prefix, list.Children[i]),
                    kind,
                    RequiredNumber(map, "weight", prefix, list.Children[i]),
                    OptionalText(map, "template", prefix),
                    couponValue,
                    OptionalNumber(map, "coupon_percent", prefix)));
            }
            return arms;
        }

        private FrequencyCap Cap(YamlNode node)
        {
            Remember("frequency_cap", node);
            var map = Mapping(node, "frequency_cap", CapKeys);
            return new FrequencyCap(
                OptionalInteger(map, "max_contacts", "frequency_cap") ?? throw At(node, "frequency_cap: needs max_contacts"),
                OptionalInteger(map, "days", "frequency_cap") ?? throw At(node, "frequency_cap: needs days"));
        }

        private List<Guardrail> Guardrails(YamlNode node)
        {
            Remember("guardrails", node);
            var list = node as YamlSequenceNode ?? throw At(node, "guardrails: expected a list of metrics (conversion, revenue_per_customer)");
            return list.Children.Select((child, i) => new Guardrail(Metric(Scalar(child, $"guardrails[{i}]"), child, $"guardrails[{i}]"))).ToList();
        }

        private PrimaryMetric Metric(string text, YamlNode node, string where) => text switch
        {
            "conversion" => PrimaryMetric.Conversion,
            "revenue_per_customer" => PrimaryMetric.RevenuePerCustomer,
            _ => throw At(node, $"{where}: \"{text}\" is not a metric; expected conversion or revenue_per_customer"),
        };

        private ArmPreferenceRule Rule(string text, YamlNode node) => text switch
        {
            "none" => ArmPreferenceRule.None,
            "winner" => ArmPreferenceRule.Winner,
            "thompson" => ArmPreferenceRule.Thompson,
            _ => throw At(node, $"prefer_winners: \"{text}\" is not a rule; expected none, winner or thompson"),
        };

        /// <summary>The mapping's entries by key; an unknown or repeated key is an error at the key.</summary>
        private Dictionary<string, YamlNode> Mapping(YamlNode node, string prefix, string[] keys)
        {
            var where = prefix.Length == 0 ? "the spec" : prefix;
            var map = node as YamlMappingNode ?? throw At(node, $"{where}: expected a mapping of {string.Join(", ", keys)}");
            var result = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
            foreach (var (keyNode, value) in map.Children)
            {
                var key = keyNode is YamlScalarNode { Value: { } k } ? k : throw At(keyNode, $"{where}: expected a plain key");
                if (!keys.Contains(key))
                {
                    throw At(keyNode, $"{where}: unknown key \"{key}\"; expected {string.Join(", ", keys)}");
                }
                if (!result.TryAdd(key, value))
                {
                    throw At(keyNode, $"{where}: \"{key}\" is given twice");
                }
                Remember(prefix.Length == 0 ? key : $"{prefix}.{key}", value);
            }
            return result;
        }

        private string Scalar(YamlNode node, string where)
        {
            Remember(where, node);
            return node is YamlScalarNode { Value: { } value } ? value : throw At(node, $"{where}: expected a single value");
        }

        private string RequiredText(Dictionary<string, YamlNode> map, string key, string prefix, YamlNode? parent = null)
        {
            var where = prefix.Length == 0 ? key : $"{prefix}.{key}";
            if (!map.TryGetValue(key, out var node))
            {
                throw parent is null
                    ? new ClienteleException($"{where}: required", path, 1, "1")
                    : At(parent, $"{where}: required");
            }
            var text = Scalar(node, where);
            return text.Length > 0 ? text : throw At(node, $"{where}: must not be empty");
        }

        private string? OptionalText(Dictionary<string, YamlNode> map, string key, string prefix) =>
            map.TryGetValue(key, out var node) ? Scalar(node, prefix.Length == 0 ? key : $"{prefix}.{key}") : null;

        private double RequiredNumber(Dictionary<string, YamlNode> map, string key, string prefix, YamlNode parent) =>
            OptionalNumber(map, key, prefix) ?? throw At(parent, $"{prefix}.{key}: required");

        private double? OptionalNumber(Dictionary<string, YamlNode> map, string key, string prefix)
        {
            if (OptionalText(map, key, prefix) is not { } text)
            {
                return null;
            }
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
                ? value
                : throw At(map[key], $"{(prefix.Length == 0 ? key : $"{prefix}.{key}")}: \"{text}\" is not a number");
        }

        private int? OptionalInteger(Dictionary<string, YamlNode> map, string key, string prefix)
        {
            if (OptionalText(map, key, prefix) is not { } text)
            {
                return null;
            }
            return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw At(map[key], $"{(prefix.Length == 0 ? key : $"{prefix}.{key}")}: \"{text}\" is not a whole number");
        }

        private DateOnly RequiredDate(Dictionary<string, YamlNode> map, string key, YamlNode root)
        {
            if (!map.TryGetValue(key, out var node))
            {
                throw At(root, $"{key}: required (a date, yyyy-MM-dd)");
            }
            var text = Scalar(node, key);
            return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
                ? day
                : throw At(node, $"{key}: \"{text}\" is not a date (yyyy-MM-dd)");
        }

        private void Remember(string where, YamlNode node)
        {
            var line = (int)node.Start.Line;
            var column = (int)node.Start.Column;
            var singleLine = node.Start.Line == node.End.Line;
            if (node is YamlScalarNode scalar && scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted)
            {
                column++; // the value starts after the quote
            }
            else if (node is YamlScalarNode { Style: ScalarStyle.Literal or ScalarStyle.Folded })
            {
                singleLine = false;
            }
            _locations[where] = new SpecLocation(line, column, singleLine);
        }

        private ClienteleException At(YamlNode node, string message) =>
            new(message, path, node.Start.Line, node.Start.Column.ToString(CultureInfo.InvariantCulture));
    }
}
