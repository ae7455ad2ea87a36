using System.Text.Json;
using System.Text.Json.Serialization;
using Clientele.Core.Models;

namespace Clientele.Value;

/// <summary>
/// The payload of a saved value model (inside a <see cref="ModelFile"/>, which names its kind and format version): the parameters with their standard errors and 95%
/// intervals (for a reader), the covariance of the log-parameters (from which the intervals are recomputed on reading),
/// and the fit's log-likelihood, number of customers, iterations and penaliser. Values not known (a model built from
/// given parameters) are null.
/// </summary>
internal static class ModelJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    internal sealed record ParameterDocument(string Name, double Value, double? StandardError, double? LowerBound95, double? UpperBound95);

    internal sealed record ModelDocument(
        IReadOnlyList<ParameterDocument> Parameters,
        double? LogLikelihood,
        int NumberOfCustomers,
        int Iterations,
        double PenalizerCoefficient,
        double[][]? LogParameterCovariance);

    /// <summary>The saved form of a value model: <paramref name="kind"/> is its <see cref="ModelFile.Kind"/>.</summary>
    public static byte[] Save(string kind, int formatVersion, FittedParameters fit)
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
            parameters, Known(fit.LogLikelihood), fit.NumberOfCustomers, fit.Iterations, fit.PenalizerCoefficient, covariance);
        return ModelFile.Write(kind, formatVersion, JsonSerializer.SerializeToUtf8Bytes(document, Options));
    }

    /// <summary>Reads a value model saved by <see cref="Save"/>; <paramref name="model"/> is its name in messages (for example BG/NBD).</summary>
    /// <exception cref="Core.ClienteleException">The bytes are not a saved <paramref name="kind"/> model of a version this build reads, or are damaged.</exception>
    public static FittedParameters Read(ReadOnlySpan<byte> bytes, string kind, string model, int formatVersion, string[] names)
    {
        var document = ModelFile.Read(bytes, kind, formatVersion).Deserialize<ModelDocument>(Options);
        if (document.Parameters is null)
        {
            throw new ValueModelException($"The saved {model} model lacks its \"parameters\".");
        }
        if (document.Parameters.Count != names.Length)
        {
            throw new ValueModelException($"The saved {model} model has {document.Parameters.Count} parameters; expected {names.Length} ({string.Join(", ", names)}).");
        }
        var values = new double[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            var parameter = document.Parameters[i];
            if (parameter.Name != names[i])
            {
                throw new ValueModelException($"The saved {model} model has parameter \"{parameter.Name}\" where \"{names[i]}\" was expected.");
            }
            if (!double.IsFinite(parameter.Value) || parameter.Value <= 0)
            {
                throw new ValueModelException($"The saved {model} model has {names[i]} = {parameter.Value}; parameters are finite numbers > 0.");
            }
            values[i] = parameter.Value;
        }
        double[,]? covariance = null;
        if (document.LogParameterCovariance is { } rows)
        {
            if (rows.Length != names.Length || rows.Any(row => row is null || row.Length != names.Length || row.Any(v => !double.IsFinite(v))))
            {
                throw new ValueModelException($"The saved {model} model has a logParameterCovariance that is not a finite {names.Length} × {names.Length} matrix.");
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
