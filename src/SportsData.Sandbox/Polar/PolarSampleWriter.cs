using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;

namespace SportsData.Sandbox.Polar
{
    /// <summary>
    /// Generates a player session's 10 Hz samples on the fly, in Polar's shape: "fields" then "values" rows
    /// that start with an ISO 8601 offset. Like the real API, rows hold nulls (sensor drop-outs) and rows whose
    /// trailing values are missing are shorter than "fields".
    /// </summary>
    public static class PolarSampleWriter
    {
        public static void Write(Utf8JsonWriter w, PlayerSessionSeed session, string[] requested)
        {
            var fields = new List<string> { "time" };
            foreach (string type in new[] { "distance", "hr", "speed", "cadence", "location", "altitude", "forward_acceleration", "rr" })
            {
                if (Array.IndexOf(requested, type) < 0) continue;
                if (type == "location") { fields.Add("lat"); fields.Add("lon"); }
                else fields.Add(type);
            }

            w.WriteStartObject("samples");
            w.WriteStartArray("fields");
            foreach (string field in fields) w.WriteStringValue(field);
            w.WriteEndArray();
            w.WriteStartArray("values");

            var random = new DemoRandom("samples:" + session.Id);
            double fitness = session.Player.Fitness;
            double heartRate = 70, speed = 0, distance = 0, altitude = 12.0;
            double lat = 60.1699, lon = 24.9384, heading = random.Between(0, Math.PI * 2);
            var values = new double?[fields.Count];
            int rows = session.SampleCount;
            int hrDropoutUntil = -1, gpsDropoutUntil = -1;
            for (int row = 0; row < rows; row++)
            {
                double phase = (double)row / rows;
                double intensity = phase < 0.15 ? 0.4 + phase * 2 : phase > 0.9 ? 0.35 : 0.6 + 0.35 * Math.Sin(row / 600.0) * Math.Sin(row / 97.0);
                double targetSpeed = Math.Max(0, intensity * 24 * fitness + random.Between(-3, 3));
                speed += (targetSpeed - speed) * 0.05;
                double acceleration = (targetSpeed - speed) * 0.5;
                distance += speed / 3.6 / 10;
                heartRate += ((70 + intensity * 115 / fitness) - heartRate) * 0.01 + random.Between(-0.6, 0.6);
                heading += random.Between(-0.08, 0.08);
                lat += Math.Cos(heading) * speed / 3.6 / 10 / 111320;
                lon += Math.Sin(heading) * speed / 3.6 / 10 / 55800;
                altitude += random.Between(-0.02, 0.02);
                if (row > 0 && row % 4513 == 0) hrDropoutUntil = row + random.Next(3, 30);
                if (row > 0 && row % 7919 == 0) gpsDropoutUntil = row + random.Next(5, 50);

                for (int i = 1; i < fields.Count; i++)
                {
                    switch (fields[i])
                    {
                        case "distance": values[i] = Math.Round(distance, 2); break;
                        case "hr": values[i] = row <= hrDropoutUntil ? (double?)null : Math.Round(heartRate); break;
                        case "speed": values[i] = Math.Round(speed, 2); break;
                        case "cadence": values[i] = speed < 1 ? 0 : Math.Round(60 + speed * 4); break;
                        case "lat": values[i] = row <= gpsDropoutUntil ? (double?)null : Math.Round(lat, 7); break;
                        case "lon": values[i] = row <= gpsDropoutUntil ? (double?)null : Math.Round(lon, 7); break;
                        case "altitude": values[i] = row <= gpsDropoutUntil ? (double?)null : Math.Round(altitude, 1); break;
                        case "forward_acceleration": values[i] = Math.Round(acceleration, 2); break;
                        case "rr": values[i] = row % 5 == 0 ? Math.Round(60000 / heartRate) : (double?)null; break;
                    }
                }

                // Trailing nulls are left out, so some rows are shorter than "fields".
                int length = fields.Count;
                while (length > 1 && values[length - 1] == null) length--;

                w.WriteStartArray();
                w.WriteStringValue(Offset(row));
                for (int i = 1; i < length; i++)
                {
                    if (values[i] == null) w.WriteNullValue(); else w.WriteNumberValue(values[i]!.Value);
                }
                w.WriteEndArray();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }

        public static void WriteRRIntervals(Utf8JsonWriter w, PlayerSessionSeed session)
        {
            var random = new DemoRandom("rr:" + session.Id);
            int count = Math.Min(20000, (int)(session.Duration.TotalSeconds * 2.2));
            w.WriteStartArray("rr_intervals");
            for (int i = 0; i < count; i++)
            {
                if (random.NextDouble() < 0.01) w.WriteNullValue();
                else w.WriteNumberValue(random.Next(330, 950));
            }
            w.WriteEndArray();
        }

        /// <summary>"PT0S", "PT0.1S", ..., "PT1M0.5S" like Polar (tenths of seconds).</summary>
        internal static string Offset(int row)
        {
            int tenths = row % 600;
            int minutes = row / 600;
            int hours = minutes / 60;
            minutes %= 60;
            string seconds = (tenths / 10).ToString(CultureInfo.InvariantCulture) + (tenths % 10 == 0 ? "" : "." + (tenths % 10).ToString(CultureInfo.InvariantCulture));
            if (hours > 0) return "PT" + hours + "H" + minutes + "M" + seconds + "S";
            if (minutes > 0) return "PT" + minutes + "M" + seconds + "S";
            return "PT" + seconds + "S";
        }
    }
}
