using System.Collections;

namespace Endpoint.Core.Runtime
{
    /// <summary>
    /// Who keeps the device from deep sleep right now. A component doing something that a sleep would cut short
    /// — an advertisement that must be on the air long enough to be heard, an update in transfer — holds it under
    /// its name and releases it when done; an app that sleeps (the battery sensor) sleeps only while nobody holds
    /// it, and goes to sleep on <see cref="Released"/> when it was waiting. Loop thread only.
    /// </summary>
    public sealed class StayAwake
    {
        private readonly ArrayList _holders = new ArrayList();

        /// <summary>Raised on the loop when the last holder released.</summary>
        public event RuntimeRequestHandler Released;

        /// <summary>True while anyone holds the device awake.</summary>
        public bool IsHeld
        {
            get { return _holders.Count > 0; }
        }

        /// <summary>The holders' names, comma-separated (for the log); empty when nobody holds.</summary>
        public string Holders
        {
            get
            {
                string text = string.Empty;
                for (int i = 0; i < _holders.Count; i++)
                {
                    text += (i > 0 ? ", " : string.Empty) + (string)_holders[i];
                }

                return text;
            }
        }

        /// <summary>True while <paramref name="holder"/> holds.</summary>
        public bool IsHeldBy(string holder)
        {
            return _holders.Contains(holder);
        }

        /// <summary>Keeps the device awake until <paramref name="holder"/> releases (holding twice is holding once).</summary>
        public void Hold(string holder)
        {
            if (!_holders.Contains(holder))
            {
                _holders.Add(holder);
            }
        }

        /// <summary>Ends <paramref name="holder"/>'s hold; raises <see cref="Released"/> when it was the last one.</summary>
        public void Release(string holder)
        {
            int index = _holders.IndexOf(holder);
            if (index < 0)
            {
                return;
            }

            _holders.RemoveAt(index);
            if (_holders.Count == 0 && Released != null)
            {
                Released();
            }
        }
    }
}
