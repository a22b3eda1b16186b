using System;
using System.Text;

namespace SportsData.Sandbox
{
    /// <summary>A small deterministic generator (SplitMix64), identical on every runtime, seeded from text.</summary>
    public sealed class DemoRandom
    {
        private ulong _state;

        public DemoRandom(string seed)
        {
            _state = Hash(seed);
        }

        public static ulong Hash(string text)
        {
            ulong hash = 14695981039346656037UL;
            foreach (byte b in Encoding.UTF8.GetBytes(text))
            {
                hash ^= b;
                hash *= 1099511628211UL;
            }
            return hash;
        }

        public ulong NextULong()
        {
            ulong z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        /// <summary>0 &lt;= value &lt; 1.</summary>
        public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

        public int Next(int minInclusive, int maxExclusive) => minInclusive + (int)(NextULong() % (ulong)(maxExclusive - minInclusive));

        public double Between(double min, double max) => min + NextDouble() * (max - min);

        public T Pick<T>(T[] items) => items[Next(0, items.Length)];

        /// <summary>A short id in the style of the vendor (8 characters of [A-Za-z0-9]).</summary>
        public static string Id(string seed, int length = 8)
        {
            const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
            var random = new DemoRandom(seed);
            var builder = new StringBuilder(length);
            for (int i = 0; i < length; i++) builder.Append(alphabet[random.Next(0, alphabet.Length)]);
            return builder.ToString();
        }
    }
}
