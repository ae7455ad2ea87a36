using System.Security.Cryptography;
using System.Text;
using Clientele.Core;

namespace Clientele.Server;

/// <summary>
/// Customer ids at the service's edge. With <c>Clientele:Pseudonymise:Key</c> set (a secret of at least 32 characters,
/// kept outside the store), every customer id in an event or a route is replaced, before it reaches the store, by
/// <c>p_</c> and the HMAC-SHA256 of the id under that key (hex): the store never holds a raw id, the same id always
/// maps to the same pseudonym, and without the key a pseudonym cannot be turned back or tested against a guess. Lists
/// the service gives (a segment's customers) then hold pseudonyms. Without the setting ids are kept as sent.
/// </summary>
public sealed class CustomerIds
{
    public const string KeySetting = "Clientele:Pseudonymise:Key";
    public const int MinimumKeyLength = 32;

    private readonly byte[]? _key;

    public CustomerIds(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration[KeySetting] is { Length: > 0 } key)
        {
            if (key.Length < MinimumKeyLength)
            {
                throw new ClienteleException($"{KeySetting} is {key.Length} characters; a pseudonymisation key needs at least {MinimumKeyLength} (such as 32 random bytes in base64)");
            }
            _key = Encoding.UTF8.GetBytes(key);
        }
    }

    /// <summary>Gets whether ids are pseudonymised.</summary>
    public bool Pseudonymised => _key is not null;

    /// <summary>The id the store holds for <paramref name="customerId"/>.</summary>
    public string InStore(string customerId) =>
        _key is null ? customerId : "p_" + Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(customerId)));
}
