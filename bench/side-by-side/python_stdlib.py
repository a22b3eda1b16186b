"""The same job in Python's standard library: urllib + json + csv, one player session after another."""
import csv
import json
import sys
import urllib.request

base, id_file, path = sys.argv[1], sys.argv[2], sys.argv[3]
ids = [line.strip() for line in open(id_file) if line.strip()]
columns = ["player_session_id", "time", "distance", "hr", "speed", "cadence", "lat", "lon", "altitude", "forward_acceleration", "power", "rr"]
with open(path, "w", newline="", encoding="utf-8") as out:
    writer = csv.writer(out)
    writer.writerow(columns)
    for session_id in ids:
        request = urllib.request.Request(f"{base}/v1/training_sessions/{session_id}?samples=all", headers={"Authorization": "Bearer bench"})
        with urllib.request.urlopen(request) as response:
            data = json.load(response)["data"]
        fields = data["samples"]["fields"]
        positions = [fields.index(c) if c in fields else -1 for c in columns[1:]]
        for row in data["samples"]["values"]:
            writer.writerow([session_id] + [row[p] if 0 <= p < len(row) else None for p in positions])
