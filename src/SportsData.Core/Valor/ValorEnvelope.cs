using System;
using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using SportsData.Http;

namespace SportsData.Valor
{
    /// <summary>
    /// One Valor response: API Gateway + Lambda wrap the data as {"statusCode":..,"X-Continuation-Token":..,
    /// "body":"<JSON text>"}. The body is decoded twice when it is text and used as is when it is already JSON;
    /// a response without the envelope is its own body.
    /// </summary>
    internal sealed class ValorEnvelope(JsonDocument outer, JsonDocument? inner, JsonElement body, JsonElement? token, bool hasToken) : IDisposable
    {
        public const string TokenName = "X-Continuation-Token";

        public JsonElement Body { get; } = body;

        /// <summary>The continuation token as sent (string, object, or null); absent when <see cref="HasToken"/> is false.</summary>
        public JsonElement? Token { get; } = token;

        public bool HasToken { get; } = hasToken;

        public static ValorEnvelope Parse(byte[] bytes, string? headerToken) => Parse(new ArraySegment<byte>(bytes), headerToken);

        public static ValorEnvelope Parse(ArraySegment<byte> bytes, string? headerToken)
        {
            JsonDocument outer = ParseJson(bytes, "response");
            JsonElement root = outer.RootElement;
            JsonDocument? inner = null;
            JsonElement body = root;
            JsonElement? token = null;
            bool hasToken = false;
            if (root.ValueKind == JsonValueKind.Object)
            {
                if (root.TryGetProperty("body", out JsonElement wrapped))
                {
                    if (wrapped.ValueKind == JsonValueKind.String)
                    {
                        string text = wrapped.GetString() ?? string.Empty;
                        inner = text.Length == 0 ? null : ParseJson(text.AsMemory(), "response body");
                        body = inner?.RootElement ?? default;
                    }
                    else
                    {
                        body = wrapped;
                    }
                }
                foreach (JsonProperty property in root.EnumerateObject())
                {
                    if (string.Equals(property.Name, TokenName, StringComparison.OrdinalIgnoreCase))
                    {
                        token = property.Value;
                        hasToken = true;
                        break;
                    }
                }
            }
            if (!hasToken && !string.IsNullOrEmpty(headerToken))
            {
                // Rare: the token came as a response header instead of inside the envelope.
                using JsonDocument headerDocument = ParseHeaderToken(headerToken!);
                return new ValorEnvelope(outer, inner, body, headerDocument.RootElement.Clone(), true);
            }
            return new ValorEnvelope(outer, inner, body, token, hasToken);
        }

        private static JsonDocument ParseHeaderToken(string header)
        {
            try { return JsonDocument.Parse(header); }
            catch (JsonException) { return JsonDocument.Parse(JsonStringify.String(header)); }
        }

        private static JsonDocument ParseJson(ArraySegment<byte> bytes, string what) => ParseJson(() => JsonDocument.Parse(bytes.AsMemory()), what);

        /// <summary>The decoded body text, parsed without another UTF-8 copy of it.</summary>
        private static JsonDocument ParseJson(ReadOnlyMemory<char> text, string what) => ParseJson(() => JsonDocument.Parse(text), what);

        private static JsonDocument ParseJson(Func<JsonDocument> parse, string what)
        {
            try
            {
                return parse();
            }
            catch (JsonException ex)
            {
                throw new SportsDataException(ErrorIds.Valor.InvalidResponse, FailureKind.InvalidData, $"Valor answered with a {what} that is not JSON: {ex.Message}", ex);
            }
        }

        public void Dispose()
        {
            inner?.Dispose();
            outer.Dispose();
        }

        /// <summary>The statusCode inside the envelope, if the body is an envelope that has one.</summary>
        public static int? PeekInnerStatus(byte[] bytes)
        {
            try
            {
                var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    bool match = reader.ValueTextEquals("statusCode");
                    if (!reader.Read()) return null;
                    if (match)
                    {
                        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out int code)) return code;
                        if (reader.TokenType == JsonTokenType.String && int.TryParse(reader.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out int parsed)) return parsed;
                        return null;
                    }
                    reader.Skip();
                }
            }
            catch (JsonException)
            {
            }
            return null;
        }

        /// <summary>The body of an envelope as JSON text (for error messages), or the whole text.</summary>
        public static string InnerBodyText(byte[] bytes)
        {
            try
            {
                using JsonDocument document = JsonDocument.Parse(bytes);
                if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("body", out JsonElement body))
                {
                    return body.ValueKind == JsonValueKind.String ? body.GetString() ?? string.Empty : body.GetRawText();
                }
            }
            catch (JsonException)
            {
            }
            return Encoding.UTF8.GetString(bytes);
        }
    }

    /// <summary>
    /// Makes the envelope's statusCode the response's status when a Lambda answers HTTP 200 with an error inside,
    /// so the one transport decides about retries (500 = the API's time-out), 401 renewal and errors.
    /// </summary>
    internal sealed class ValorEnvelopeStatusHandler : DelegatingHandler
    {

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            HttpResponseMessage response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode || response.Content == null) return response;
            byte[] bytes;
            using (var buffer = new System.IO.MemoryStream())
            {
                // Read with the token: a stalled body must give way to the attempt time-out and to Ctrl+C.
                using (System.IO.Stream stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false))
                {
                    await stream.CopyToAsync(buffer, 81920, cancellationToken).ConfigureAwait(false);
                }
                bytes = buffer.ToArray();
            }
            int? inner = bytes.Length > 0 && bytes[0] == (byte)'{' ? ValorEnvelope.PeekInnerStatus(bytes) : null;
            if (inner == null || inner.Value == (int)response.StatusCode || inner.Value < 400 || inner.Value > 599)
            {
                var same = new ByteArrayContent(bytes);
                foreach (var header in response.Content.Headers) same.Headers.TryAddWithoutValidation(header.Key, header.Value);
                response.Content.Dispose();
                response.Content = same;
                return response;
            }
            RequestLog.Current.Verbose(string.Format(CultureInfo.InvariantCulture,
                "Valor: HTTP {0} carried statusCode {1} inside its envelope; treating the response as {1}.", (int)response.StatusCode, inner.Value));
            var replaced = new HttpResponseMessage((HttpStatusCode)inner.Value)
            {
                RequestMessage = response.RequestMessage,
                Version = response.Version,
                Content = new StringContent(ValorEnvelope.InnerBodyText(bytes), Encoding.UTF8, "application/json"),
            };
            foreach (var header in response.Headers) replaced.Headers.TryAddWithoutValidation(header.Key, header.Value);
            response.Dispose();
            return replaced;
        }
    }

    /// <summary>JSON.stringify for a continuation token: compact, key order kept, non-ASCII escaped so it fits in a header.</summary>
    internal static class JsonStringify
    {
        public static string Element(JsonElement element)
        {
            var builder = new StringBuilder();
            Write(builder, element);
            return builder.ToString();
        }

        public static string String(string value)
        {
            var builder = new StringBuilder(value.Length + 2);
            WriteString(builder, value);
            return builder.ToString();
        }

        private static void Write(StringBuilder builder, JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    builder.Append('{');
                    bool first = true;
                    foreach (JsonProperty property in element.EnumerateObject())
                    {
                        if (!first) builder.Append(',');
                        first = false;
                        WriteString(builder, property.Name);
                        builder.Append(':');
                        Write(builder, property.Value);
                    }
                    builder.Append('}');
                    break;
                case JsonValueKind.Array:
                    builder.Append('[');
                    bool firstItem = true;
                    foreach (JsonElement item in element.EnumerateArray())
                    {
                        if (!firstItem) builder.Append(',');
                        firstItem = false;
                        Write(builder, item);
                    }
                    builder.Append(']');
                    break;
                case JsonValueKind.String:
                    WriteString(builder, element.GetString() ?? string.Empty);
                    break;
                default:
                    builder.Append(element.GetRawText()); // numbers, true, false, null exactly as sent
                    break;
            }
        }

        private static void WriteString(StringBuilder builder, string value)
        {
            builder.Append('"');
            foreach (char c in value)
            {
                switch (c)
                {
                    case '"': builder.Append("\\\""); break;
                    case '\\': builder.Append("\\\\"); break;
                    case '\b': builder.Append("\\b"); break;
                    case '\f': builder.Append("\\f"); break;
                    case '\n': builder.Append("\\n"); break;
                    case '\r': builder.Append("\\r"); break;
                    case '\t': builder.Append("\\t"); break;
                    default:
                        if (c < 0x20 || c > 0x7E) builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        else builder.Append(c);
                        break;
                }
            }
            builder.Append('"');
        }
    }
}
