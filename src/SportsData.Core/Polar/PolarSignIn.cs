using System;
using System.Threading;
using System.Threading.Tasks;
using SportsData.Auth;
using SportsData.Connections;

namespace SportsData.Polar
{
    /// <summary>
    /// One interactive Polar sign-in: the authorize URL to show (with its own state value), and the code coming back
    /// either on a loopback redirect this listens on, or pasted by the user (the code or the whole redirected URL).
    /// </summary>
    public sealed class PolarSignIn : IDisposable
    {
        private readonly PolarConnectOptions _options;
        private readonly string _state = PolarConnector.NewState();
        private readonly LoopbackCodeReceiver? _receiver;

        /// <summary>Checks the options and, for a loopback -RedirectUri, starts listening on it.</summary>
        public PolarSignIn(PolarConnectOptions options)
        {
            _options = options;
            AuthorizeUri = PolarConnector.BuildAuthorizeUri(options, _state);
            if (options.RedirectUri != null && LoopbackCodeReceiver.IsLoopback(options.RedirectUri))
            {
                _receiver = new LoopbackCodeReceiver(options.RedirectUri);
            }
        }

        /// <summary>Where the user signs in and approves access.</summary>
        public Uri AuthorizeUri { get; }

        /// <summary>Whether the code comes back on the loopback redirect (otherwise the user pastes it).</summary>
        public bool ListensForRedirect => _receiver != null;

        /// <summary>Waits for the browser's redirect, then exchanges its code for tokens.</summary>
        public async Task<PolarConnection> CompleteFromRedirectAsync(TimeSpan timeout, CancellationToken cancellationToken)
        {
            if (_receiver == null) throw new InvalidOperationException("The sign-in does not listen for a redirect.");
            string code = await _receiver.WaitForCodeAsync(_state, timeout, cancellationToken).ConfigureAwait(false);
            return await PolarConnector.ConnectWithAuthorizationCodeAsync(_options, code, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Exchanges a pasted code (or the whole redirected URL, whose state must match) for tokens.</summary>
        public Task<PolarConnection> CompleteWithPastedAsync(string pasted, CancellationToken cancellationToken) =>
            PolarConnector.ConnectWithAuthorizationCodeAsync(_options, AuthorizationResponse.ExtractCode(pasted, _state), cancellationToken);

        public void Dispose() => _receiver?.Dispose();
    }
}
