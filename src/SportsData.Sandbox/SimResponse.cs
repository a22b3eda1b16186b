using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;

namespace SportsData.Sandbox
{
    /// <summary>What the simulator answers. <see cref="DropConnection"/> makes the host cut the connection instead.</summary>
    public sealed class SimResponse
    {
        public SimResponse(int statusCode, byte[] body, string contentType = "application/json")
        {
            StatusCode = statusCode;
            Body = body;
            ContentType = contentType;
        }

        public int StatusCode { get; }

        public byte[] Body { get; }

        public string ContentType { get; }

        public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>The host aborts the connection after sending part of the body (or none of it).</summary>
        public bool DropConnection { get; set; }

        /// <summary>With <see cref="DropConnection"/>: the Content-Length announced before the connection drops (default 1000).</summary>
        public long? DeclaredLength { get; set; }

        /// <summary>The host resets the connection before sending any of the response.</summary>
        public bool ResetBeforeResponse { get; set; }

        public static SimResponse Json(int statusCode, Action<Utf8JsonWriter> write)
        {
            var buffer = new MemoryStream(4096);
            using (var writer = new Utf8JsonWriter(buffer))
            {
                write(writer);
            }
            return new SimResponse(statusCode, buffer.ToArray());
        }

        public static SimResponse Ok(Action<Utf8JsonWriter> write) => Json(200, write);

        public static SimResponse Text(int statusCode, string text, string contentType = "text/plain") =>
            new SimResponse(statusCode, Encoding.UTF8.GetBytes(text), contentType);

        /// <summary>{"message": "..."}: the error shape Valor and AiKYNETIX use.</summary>
        public static SimResponse Message(int statusCode, string message) =>
            Json(statusCode, w => { w.WriteStartObject(); w.WriteString("message", message); w.WriteEndObject(); });

        /// <summary>{"error": "..."}: the other AiKYNETIX error shape.</summary>
        public static SimResponse Error(int statusCode, string error) =>
            Json(statusCode, w => { w.WriteStartObject(); w.WriteString("error", error); w.WriteEndObject(); });

        public static SimResponse NotFound(string message = "Not found") => Message(404, message);

        public SimResponse WithHeader(string name, string value)
        {
            Headers[name] = value;
            return this;
        }
    }
}
