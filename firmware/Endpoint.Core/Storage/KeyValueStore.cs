using System;
using System.Collections;
using System.Text;
using Endpoint.Core.Text;

namespace Endpoint.Core.Storage
{
    /// <summary>
    /// String settings kept in memory and persisted as one <see cref="AtomicRecordFile"/>: every
    /// change rewrites the whole (small) record, so a power cut leaves all keys at their old or all at
    /// their new values. Unchanged values are not rewritten, to spare flash wear.
    /// Record format: repeated [u16 key length][key UTF-8][u16 value length][value UTF-8].
    /// </summary>
    public sealed class KeyValueStore : IKeyValueStore
    {
        private readonly AtomicRecordFile _record;
        private readonly Hashtable _values = new Hashtable();
        private readonly ByteBuffer _buffer = new ByteBuffer(256);

        /// <summary>Opens (or creates) the store named <paramref name="name"/>.</summary>
        public KeyValueStore(IFileStore files, string name)
        {
            _record = new AtomicRecordFile(files, name);
            Load(_record.Read());
        }

        /// <summary>Number of keys.</summary>
        public int Count
        {
            get { return _values.Count; }
        }

        /// <inheritdoc />
        public string Get(string key)
        {
            return (string)_values[key];
        }

        /// <summary>The value, or <paramref name="fallback"/> when absent.</summary>
        public string Get(string key, string fallback)
        {
            string v = (string)_values[key];
            return v == null ? fallback : v;
        }

        /// <inheritdoc />
        public void Set(string key, string value)
        {
            if (value == null)
            {
                Remove(key);
                return;
            }

            string old = (string)_values[key];
            if (old == value)
            {
                return;
            }

            _values[key] = value;
            try
            {
                Persist();
            }
            catch (Exception)
            {
                Restore(key, old);
                throw;
            }
        }

        /// <summary>Sets several keys in one write: all or none survive a power cut.</summary>
        public void SetMany(string[] keys, string[] values)
        {
            string[] old = new string[keys.Length];
            bool changed = false;
            for (int i = 0; i < keys.Length; i++)
            {
                old[i] = (string)_values[keys[i]];
                if (old[i] != values[i])
                {
                    changed = true;
                }

                if (values[i] == null)
                {
                    _values.Remove(keys[i]);
                }
                else
                {
                    _values[keys[i]] = values[i];
                }
            }

            if (!changed)
            {
                return; // like Set: spare the flash a rewrite of identical content
            }

            try
            {
                Persist();
            }
            catch (Exception)
            {
                // In reverse, so a key listed twice ends with the value it had before the call.
                for (int i = keys.Length - 1; i >= 0; i--)
                {
                    Restore(keys[i], old[i]);
                }

                throw;
            }
        }

        /// <inheritdoc />
        public void Remove(string key)
        {
            string old = (string)_values[key];
            if (old == null)
            {
                return;
            }

            _values.Remove(key);
            try
            {
                Persist();
            }
            catch (Exception)
            {
                Restore(key, old);
                throw;
            }
        }

        private void Restore(string key, string old)
        {
            if (old == null)
            {
                _values.Remove(key);
            }
            else
            {
                _values[key] = old;
            }
        }

        // When the write throws (flash error, simulated power cut) callers put the in-memory table
        // back, so memory never claims what flash does not hold.
        private void Persist()
        {
            _buffer.Clear();
            foreach (DictionaryEntry entry in _values)
            {
                AppendString((string)entry.Key);
                AppendString((string)entry.Value);
            }

            _record.Write(_buffer.Data, 0, _buffer.Length);
        }

        private void AppendString(string s)
        {
            int lengthAt = _buffer.Length;
            _buffer.Append(0);
            _buffer.Append(0);
            _buffer.AppendUtf8(s);
            int length = _buffer.Length - lengthAt - 2;
            _buffer.Data[lengthAt] = (byte)(length >> 8);
            _buffer.Data[lengthAt + 1] = (byte)length;
        }

        private void Load(byte[] data)
        {
            _values.Clear();
            if (data == null)
            {
                return;
            }

            int i = 0;
            while (i + 2 <= data.Length)
            {
                string key = ReadString(data, ref i);
                string value = ReadString(data, ref i);
                if (key == null || value == null)
                {
                    // A record with a valid CRC but a bad layout was not written by this code: keep what parsed.
                    return;
                }

                _values[key] = value;
            }
        }

        private static string ReadString(byte[] data, ref int i)
        {
            if (i + 2 > data.Length)
            {
                return null;
            }

            int length = (data[i] << 8) | data[i + 1];
            i += 2;
            if (i + length > data.Length)
            {
                return null;
            }

            string s = Encoding.UTF8.GetString(data, i, length);
            i += length;
            return s;
        }
    }
}
