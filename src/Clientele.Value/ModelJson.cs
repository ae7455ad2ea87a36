using System.Text.Json;
using System.Text.Json.Serialization;

namespace Clientele.Value;

/// <summary>
/// The JSON form of a fitted model: its kind, the format version, the parameters with their standard errors and 95%
/// intervals (for a reader), the covariance of the log-parameters (from which the intervals are recomputed on reading),
/// and the fit's log-likelihood, number of customers, iterations and penaliser. Values not known (a model built from
/// given parameters) are null.
/// </summary>
internal static class ModelJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    internal sealed record ParameterDocument(string Name, double Value, double? StandardError, double? LowerBound95, double? UpperBound95);

    internal sealed record ModelDocument(
        string Model,
        int FormatVersion,
        IReadOnlyList<ParameterDocument> Parameters,
        double? LogLikelihood,
        int NumberOfCustomers,
        int Iterations,
        double PenalizerCoefficient,
        double[][]? LogParameterCovariance);

    public static string Write(string model, int formatVersion, FittedParameters fit)
    {
        var parameters = fit.Estimates
            .Select(e => new ParameterDocument(e.Name, e.Value, Known(e.StandardError), Known(e.LowerBound95), Known(e.UpperBound95)))
            .ToArray();
        double[][]? covariance = null;
        var matrix = fit.LogCovariance();
        if (matrix is not null)
        {
            var n = matrix.GetLength(0);
            covariance = new double[n][];
            for (var i = 0; i < n; i++)
            {
                covariance[i] = new double[n];
                for (var j = 0; j < n; j++)
                {
                    covariance[i][j] = matrix[i, j];
                }
            }
        }
        var document = new ModelDocument(
            model, formatVersion, parameters, Known(fit.LogLikelihood), fit.NumberOfCustomers, fit.Iterations, fit.PenalizerCoefficient, covariance);
        return JsonSerializer.Serialize(document, Options);
    }

    public static FittedParameters Read(string json, string model, int formatVersion, string[] names)
    {
        ArgumentNullException.ThrowIfNull(json);
        ModelDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<ModelDocument>(json, Options);
        }
        catch (JsonException e)
        {
            throw new ValueModelException($"The {model} model JSON cannot be read: {e.Message}", e);
        }
        if (document is null || document.Model is null || document.Parameters is null)
        {
            throw new ValueModelException($"The {model} model JSON is empty or lacks \"model\" and \"parameters\".");
        }
        if (document.Model != model)
        {
            throw new ValueModelException($"The JSON holds a {document.Model} model, not a {model} model.");
        }
        if (document.FormatVersion < 1 || document.FormatVersion > formatVersion)
        {
            throw new ValueModelException(
                $"The {model} model JSON has format version {document.FormatVersion}; this version of Clientele reads versions 1 to {formatVersion}.");
        }
        if (document.Parameters.Count != names.Length)
        {
            throw new ValueModelException($"The {model} model JSON has {document.Parameters.Count} parameters; expected {names.Length} ({string.Join(", ", names)}).");
        }
        var values = new double[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            var parameter = document.Parameters[i];
            if (parameter.Name != names[i])
            {
                throw new ValueModelException($"The {model} model JSON has parameter \"{parameter.Name}\" where \"{names[i]}\" was expected.");
            }
            if (!double.IsFinite(parameter.Value) || parameter.Value <= 0)
            {
                throw new ValueModelException($"The {model} model JSON has {names[i]} = {parameter.Value}; parameters are finite numbers > 0.");
            }
            values[i] = parameter.Value;
        }
        double[,]? covariance = null;
        if (document.LogParameterCovariance is { } rows)
        {
            if (rows.Length != names.Length || rows.Any(row => row is null || row.Length != names.Length || row.Any(v => !double.IsFinite(v))))
            {
                throw new ValueModelException($"The {model} model JSON has a logParameterCovariance that is not a finite {names.Length} × {names.Length} matrix.");
            }
            covariance = new double[names.Length, names.Length];
            for (var i = 0; i < names.Length; i++)
            {
                for (var j = 0; j < names.Length; j++)
                {
                    covariance[i, j] = rows[i][j];
                }
            }
        }
        return new FittedParameters(
            names, values, covariance, document.LogLikelihood ?? double.NaN, document.NumberOfCustomers, document.Iterations, document.PenalizerCoefficient);
    }

    private static double? Known(double value) => double.IsNaN(value) ? null : value;
}
