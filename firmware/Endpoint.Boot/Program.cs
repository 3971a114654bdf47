using System;
using System.Reflection;
using System.Threading;
using Endpoint.Core.Ota;
using Endpoint.Core.Storage;
using Endpoint.Device;
using nanoFramework.Runtime.Native;

namespace Endpoint.Boot
{
    /// <summary>
    /// The bootstrapper (README.md): decides which app slot starts with the portable
    /// <see cref="BootSelector"/>, loads that slot's assemblies with <c>Assembly.Load(byte[])</c> in
    /// manifest order and calls the entry type's <c>public static void Main()</c> by reflection.
    /// </summary>
    public static class Program
    {
        /// <summary>The flash folder the apps use too (ProvisionedSettings.StorageRoot, their FlashFileStore root).</summary>
        public const string Root = "I:\\endpoint";

        /// <summary>nanoFramework calls this after boot.</summary>
        public static void Main()
        {
            IFileStore files = new FlashFileStore(Root);
            BootVersionFile.Write(files, BootSelector.Version);
            BootSelector selector = new BootSelector(files, BootSelector.DefaultMaxTrialBoots, false);
            BootDecision decision = selector.Boot();
            if (decision.Slot == BootRecord.None)
            {
                Console.WriteLine("boot: no app installed in " + Root + " (see firmware/Endpoint.Boot/README.md, first install)");
                Thread.Sleep(Timeout.Infinite);
            }

            if (decision.Record.Reason != null && !decision.Record.ResultReported)
            {
                Console.WriteLine("boot: " + decision.Record.Reason);
            }

            string failure = Start(files, decision);

            // A slot nanoFramework will not run counts as damaged: go back to the previous one. Some of
            // its assemblies may be loaded already, and the runtime cannot unload them, so restart clean.
            Console.WriteLine("boot: " + failure);
            selector.ReportStartFailure(failure);
            Power.RebootDevice();
        }

        // Returns only when the app could not be started, or when its Main returned.
        private static string Start(IFileStore files, BootDecision decision)
        {
            BundleManifest m = decision.Manifest.Manifest;
            Console.WriteLine("boot: starting " + m.App + " " + m.Version + " (build " + m.Build + ") from slot " + BootRecord.SlotName(decision.Slot)
                + (decision.Trial ? ", trial boot " + decision.Record.TrialBoots + " of " + BootSelector.DefaultMaxTrialBoots : string.Empty));

            // Dependencies first: nanoFramework resolves an assembly's references when it is loaded.
            Assembly[] loaded = new Assembly[m.Assemblies.Length];
            for (int i = 0; i < loaded.Length; i++)
            {
                string name = m.Assemblies[i].Name;
                byte[] image = files.ReadAll(SlotStore.AssemblyName(decision.Slot, i));
                if (image == null || image.Length != m.Assemblies[i].Size)
                {
                    return name + " is missing or incomplete";
                }

                try
                {
                    // The loader checks the image's own header and assembly CRCs and throws on a damaged one.
                    loaded[i] = Assembly.Load(image);
                }
                catch (Exception ex)
                {
                    return "Assembly.Load refused " + name + ": " + ex.Message;
                }

                if (loaded[i] == null)
                {
                    return "Assembly.Load refused " + name;
                }
            }

            MethodInfo main = null;
            for (int i = loaded.Length - 1; i >= 0 && main == null; i--)
            {
                Type type = loaded[i].GetType(m.Entry);
                if (type != null)
                {
                    main = type.GetMethod("Main");
                }
            }

            if (main == null || !main.IsStatic)
            {
                return "the entry type " + m.Entry + " has no public static Main()";
            }

            // The app's loop runs inside this call: a working app never returns from it.
            main.Invoke(null, null);
            return "the app's Main returned";
        }
    }
}
