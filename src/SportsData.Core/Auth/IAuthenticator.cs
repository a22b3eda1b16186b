using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace SportsData.Auth
{
    /// <summary>Puts credentials on a request and renews them. One per connection.</summary>
    public interface IAuthenticator
    {
        /// <summary>Adds the credential header, renewing first when the token is about to expire.</summary>
        Task ApplyAsync(HttpRequestMessage request, CancellationToken cancellationToken);

        /// <summary>Whether <see cref="RefreshAsync"/> can get a new credential (a refresh token or a password is held).</summary>
        bool CanRefresh { get; }

        /// <summary>Gets a new credential now, e.g. after the server answered 401.</summary>
        Task RefreshAsync(CancellationToken cancellationToken);

        /// <summary>When the current credential expires, if known.</summary>
        DateTimeOffset? ExpiresAt { get; }

        /// <summary>Secret values this authenticator holds, so log text can be scrubbed of them.</summary>
        string?[] SecretsForRedaction { get; }
    }
}
