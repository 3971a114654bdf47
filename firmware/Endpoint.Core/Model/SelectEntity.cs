using Endpoint.Core.Json;
using Endpoint.Core.Text;

namespace Endpoint.Core.Model
{
    /// <summary>One of a fixed list of options, usually a setting. State and command are the option text.</summary>
    public sealed class SelectEntity : Entity
    {
        private readonly string[] _options;
        private int _index;

        /// <summary>Creates a select with <paramref name="options"/>, initially the first.</summary>
        public SelectEntity(string id, string name, string[] options)
            : base(id, name, EntityKind.Select)
        {
            _options = options;
        }

        /// <summary>The options.</summary>
        public string[] Options
        {
            get { return _options; }
        }

        /// <summary>The selected option.</summary>
        public string Selected
        {
            get { return _options[_index]; }
        }

        /// <inheritdoc />
        public override bool Writable
        {
            get { return true; }
        }

        /// <inheritdoc />
        public override string Component
        {
            get { return "select"; }
        }

        /// <summary>Selects <paramref name="option"/>. False (and no change) when it is not one of the options.</summary>
        public bool Select(string option)
        {
            for (int i = 0; i < _options.Length; i++)
            {
                if (_options[i] == option)
                {
                    SelectIndex(i);
                    return true;
                }
            }

            return false;
        }

        /// <inheritdoc />
        public override void WriteState(ByteBuffer buffer)
        {
            buffer.AppendUtf8(_options[_index]);
        }

        /// <inheritdoc />
        public override string ApplyCommand(byte[] payload, int offset, int count)
        {
            count = Utf8.Trim(payload, ref offset, count);
            for (int i = 0; i < _options.Length; i++)
            {
                if (Utf8.EqualsIgnoreCase(payload, offset, count, _options[i]))
                {
                    SelectIndex(i);
                    return null;
                }
            }

            return "not one of the options";
        }

        /// <inheritdoc />
        public override void WriteDescription(JsonWriter json)
        {
            json.Property("options", _options);
        }

        /// <inheritdoc />
        public override void WriteDiscovery(JsonWriter json)
        {
            json.Property("options", _options);
        }

        private void SelectIndex(int i)
        {
            if (_index == i)
            {
                return;
            }

            _index = i;
            NotifyChanged();
        }
    }
}
