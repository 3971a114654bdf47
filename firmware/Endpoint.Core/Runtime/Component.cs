using System;

namespace Endpoint.Core.Runtime
{
    /// <summary>
    /// A part of an endpoint with a lifecycle (ESPHome's Component: setup / loop / dump_config /
    /// mark_failed). Components never block: periodic work goes through <see cref="Scheduler"/>.
    /// </summary>
    public abstract class Component
    {
        private IScheduler _scheduler;
        private ILog _log;
        private IClock _clock;

        /// <summary>Creates a component named <paramref name="name"/> (used as its log tag).</summary>
        protected Component(string name)
        {
            Name = name;
            State = ComponentState.Created;
        }

        /// <summary>Short name, also the log tag.</summary>
        public string Name { get; private set; }

        /// <summary>Lifecycle state.</summary>
        public ComponentState State { get; private set; }

        /// <summary>Why the component failed, or null.</summary>
        public string FailureReason { get; private set; }

        /// <summary>When true, <see cref="Loop"/> runs on every pass of the endpoint loop.</summary>
        public virtual bool WantsLoop
        {
            get { return false; }
        }

        /// <summary>The endpoint's scheduler; available from <see cref="Setup"/> on.</summary>
        protected IScheduler Scheduler
        {
            get { return _scheduler; }
        }

        /// <summary>The endpoint's clock.</summary>
        protected IClock Clock
        {
            get { return _clock; }
        }

        /// <summary>Called once, in registration order, when the endpoint starts.</summary>
        public virtual void Setup()
        {
        }

        /// <summary>Called on every loop pass when <see cref="WantsLoop"/> is true. Must return quickly.</summary>
        public virtual void Loop()
        {
        }

        /// <summary>Logs the component's configuration once after setup.</summary>
        public virtual void DumpConfig()
        {
        }

        /// <summary>Marks the component failed: its loop stops and the reason is logged and reported.</summary>
        public void MarkFailed(string reason)
        {
            State = ComponentState.Failed;
            FailureReason = reason;
            LogError("failed: " + reason);
        }

        /// <summary>Binds the component to its endpoint's services. Called by the runtime.</summary>
        internal void Attach(IScheduler scheduler, IClock clock, ILog log)
        {
            _scheduler = scheduler;
            _clock = clock;
            _log = log;
        }

        /// <summary>Runs <see cref="Setup"/>, turning an exception into the failed state.</summary>
        internal void RunSetup()
        {
            try
            {
                Setup();
                if (State != ComponentState.Failed)
                {
                    State = ComponentState.Running;
                }
            }
            catch (Exception ex)
            {
                MarkFailed("setup threw: " + ex.Message);
            }
        }

        /// <summary>Runs <see cref="Loop"/>, turning an exception into the failed state.</summary>
        internal void RunLoop()
        {
            try
            {
                Loop();
            }
            catch (Exception ex)
            {
                MarkFailed("loop threw: " + ex.Message);
            }
        }

        /// <summary>True when the log would write <paramref name="level"/>.</summary>
        protected bool IsLogEnabled(LogLevel level)
        {
            return _log != null && _log.IsEnabled(level);
        }

        /// <summary>Logs at debug level.</summary>
        protected void LogDebug(string message)
        {
            Write(LogLevel.Debug, message);
        }

        /// <summary>Logs at info level.</summary>
        protected void LogInfo(string message)
        {
            Write(LogLevel.Info, message);
        }

        /// <summary>Logs a warning.</summary>
        protected void LogWarning(string message)
        {
            Write(LogLevel.Warning, message);
        }

        /// <summary>Logs an error.</summary>
        protected void LogError(string message)
        {
            Write(LogLevel.Error, message);
        }

        private void Write(LogLevel level, string message)
        {
            if (_log != null && _log.IsEnabled(level))
            {
                _log.Write(level, Name, message);
            }
        }
    }
}
