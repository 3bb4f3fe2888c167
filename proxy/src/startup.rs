//! Building and running the application: bind the socket, pick the upstream (the real one from
//! config, or an embedded sandbox), and serve.

use std::{io, net::SocketAddr, sync::Arc};

use sandbox::{RunningSandbox, Sandbox, SandboxConfig};
use secrecy::{ExposeSecret, SecretString};
use shared::{Locale, WireName};
use tokio::net::TcpListener;

use crate::{
    AppState, Assets, Services,
    checkout::CheckoutStore,
    config::{Config, DEMO_MERCHANT_API_KEY, FlexPayConfig, FlexitiConfig},
    database::{self, DatabaseError},
    envelope::Envelope,
    metrics::Metrics,
    routes,
    upstream::{self, OutboundProxies, flexiti::FlexitiClient, flexpay::FlexPayClient},
};

/// Why the proxy could not start, in one line that says what to fix.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    /// The configuration is unusable.
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    /// The listen address cannot be bound.
    #[error("cannot listen on {addr}: {source}; stop whatever uses it or pass --listen ADDR")]
    Listen {
        /// The address asked for.
        addr: SocketAddr,
        /// Why binding failed.
        source: io::Error,
    },
    /// An upstream base URL is not an http(s) URL.
    #[error("configuration: {0} {1} must be an http:// or https:// URL")]
    UpstreamUrl(&'static str, String),
    /// An upstream base URL carries a user or password, which the upstream client would not
    /// send (each API's credentials have keys of their own) and which must not be printed.
    #[error(
        "configuration: {0} must not carry a user or password: give the API's credentials in their own keys"
    )]
    UpstreamUrlCredentials(&'static str),
    /// One upstream is configured and the other is not.
    #[error(
        "configuration: {0} is missing: configure both flexiti and flexpay, or neither to use the embedded sandbox"
    )]
    HalfConfigured(&'static str),
    /// A proxy variable (`HTTPS_PROXY`, ...) names no proxy the upstream calls can go through.
    #[error("configuration: {0}")]
    OutboundProxy(#[from] upstream::http::OutboundProxyError),
    /// The HTTP client could not be built.
    #[error("cannot create the HTTP client: {0}")]
    Http(#[from] rustls::Error),
    /// The embedded sandbox could not start.
    #[error("cannot start the embedded sandbox: {0}")]
    Sandbox(io::Error),
    /// A real upstream is configured without a merchant API key.
    #[error(
        "configuration: merchant_api_key is missing; set it in the config file or as CHECKOUT_MERCHANT_API_KEY (required with a real upstream)"
    )]
    MerchantKey,
    /// The database cannot be opened or migrated.
    #[error(transparent)]
    Database(#[from] DatabaseError),
}

/// Which upstream the proxy talks to.
pub enum Upstream {
    /// The APIs named in the configuration.
    Configured,
    /// An in-process sandbox on a loopback port.
    Embedded(RunningSandbox),
}

/// A bound, configured proxy, not yet serving.
pub struct Application {
    listener: TcpListener,
    state: AppState,
    upstream: Upstream,
    proxies: OutboundProxies,
    reconciling: Reconciling,
    header_read_timeout: std::time::Duration,
}

/// When the reconciliation routine runs.
#[derive(Debug, Clone, Copy)]
struct Reconciling {
    every: std::time::Duration,
    policy: crate::reconciliation::Policy,
}

impl Application {
    /// Binds `config.listen` and connects the upstream. With no Flexiti configured, starts an
    /// embedded sandbox configured by `sandbox_config`.
    ///
    /// # Errors
    /// See [`StartupError`].
    pub async fn build(
        config: Config,
        sandbox_config: SandboxConfig,
    ) -> Result<Application, StartupError> {
        let listener =
            TcpListener::bind(config.listen)
                .await
                .map_err(|source| StartupError::Listen {
                    addr: config.listen,
                    source,
                })?;
        let (flexiti_config, flexpay_config, upstream) =
            match (config.flexiti.clone(), config.flexpay.clone()) {
                (Some(flexiti), Some(flexpay)) => (flexiti, flexpay, Upstream::Configured),
                (None, None) => embedded_sandbox(sandbox_config).await?,
                (Some(_), None) => return Err(StartupError::HalfConfigured("flexpay")),
                (None, Some(_)) => return Err(StartupError::HalfConfigured("flexiti")),
            };
        for (key, url) in [
            ("flexiti.base_url", &flexiti_config.base_url),
            ("flexpay.base_url", &flexpay_config.base_url),
        ] {
            if !url.username().is_empty() || url.password().is_some() {
                return Err(StartupError::UpstreamUrlCredentials(key));
            }
            if !matches!(url.scheme(), "http" | "https") {
                return Err(StartupError::UpstreamUrl(key, url.to_string()));
            }
        }
        let reconciling = Reconciling {
            every: std::time::Duration::from_secs(config.reconcile_every_secs.max(1)),
            policy: config.reconcile_policy(),
        };
        // An upstream on loopback (the embedded sandbox, or one the tests and the bench start)
        // is never proxied: a developer's proxy variables, meant for other tools, stop nothing.
        let proxies = if [&flexiti_config.base_url, &flexpay_config.base_url]
            .into_iter()
            .any(OutboundProxies::may_apply_to)
        {
            OutboundProxies::from_env()?
        } else {
            OutboundProxies::none()
        };
        let http = upstream::http_client(config.upstream_timeout(), proxies.clone())?;
        let envelope = Envelope::new(&config);
        let header_read_timeout = config.header_read_timeout();
        let session_cache = config.session_cache();
        let metrics = Metrics::shared();
        let embedded = matches!(upstream, Upstream::Embedded(_));
        let demo = config.demo.unwrap_or(embedded);
        let merchant_key = match (config.merchant_api_key, embedded) {
            (Some(key), _) => key,
            (None, true) => SecretString::from(DEMO_MERCHANT_API_KEY),
            (None, false) => return Err(StartupError::MerchantKey),
        };
        // Last: a configuration refused above leaves no database file behind.
        let pool = database::connect(config.database_url.expose_secret()).await?;
        let sessions = CheckoutStore::new(pool, session_cache);
        let state = AppState::new(Services {
            flexiti: Arc::new(
                FlexitiClient::new(http.clone(), flexiti_config).with_metrics(metrics.clone()),
            ),
            flexpay: Arc::new(
                FlexPayClient::new(http, flexpay_config).with_metrics(metrics.clone()),
            ),
            assets: Arc::new(Assets {
                widget_dir: config.widget_dir,
                loader_dir: config.loader_dir,
                static_dir: config.static_dir,
            }),
            sessions,
            merchant_key: Arc::new(merchant_key),
            demo,
            reconcile: reconciling.policy,
            envelope,
            metrics,
        });
        Ok(Application {
            listener,
            state,
            upstream,
            proxies,
            reconciling,
            header_read_timeout,
        })
    }

    /// The address actually bound (useful with port 0).
    ///
    /// # Errors
    /// When the socket's address cannot be read.
    pub fn addr(&self) -> io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// The embedded sandbox, when there is one.
    pub fn sandbox(&self) -> Option<&Sandbox> {
        match &self.upstream {
            Upstream::Embedded(running) => Some(&running.sandbox),
            Upstream::Configured => None,
        }
    }

    /// One line saying which upstream is in use, and the proxy its calls go through, if any.
    pub fn upstream_description(&self) -> String {
        let at = |url: &url::Url| match self.proxies.proxy_for(url) {
            Some(proxy) => format!("{url} through the proxy at {proxy}"),
            None => url.to_string(),
        };
        let flexiti = at(self.state.flexiti.base_url());
        let flexpay = at(self.state.flexpay.base_url());
        match self.upstream {
            Upstream::Embedded(_) => {
                format!("embedded sandbox (Flexiti POS API at {flexiti}, FlexPay API at {flexpay})")
            }
            Upstream::Configured => {
                format!("Flexiti POS API at {flexiti}, FlexPay API at {flexpay}")
            }
        }
    }

    /// Whether the demo merchant's server is on although the upstreams are real: it opens
    /// sessions without the merchant key, so it belongs on a staging host only.
    pub fn demo_with_real_upstreams(&self) -> bool {
        self.state.demo && matches!(self.upstream, Upstream::Configured)
    }

    /// Whether the widget has been built where the config says, in every language, and the
    /// loader shipped beside it (without it, every merchant page fails to mount the widget).
    pub fn widget_built(&self) -> bool {
        let assets = &self.state.assets;
        Locale::VALUES.iter().all(|locale| {
            assets
                .widget_dir
                .join(routes::widget_page_file(*locale))
                .is_file()
        }) && assets.loader_dir.join(routes::LOADER_FILE).is_file()
    }

    /// Serves until `shutdown` completes.
    ///
    /// # Errors
    /// When the server fails.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> io::Result<()> {
        let Application {
            listener,
            state,
            upstream,
            reconciling,
            header_read_timeout,
            ..
        } = self;
        let reconciler = tokio::spawn(reconcile_now_and_then(state.clone(), reconciling));
        let served = crate::serve::serve(
            listener,
            routes::router(state),
            header_read_timeout,
            shutdown,
        )
        .await;
        reconciler.abort();
        drop(upstream);
        served
    }
}

/// Settles lost payment attempts at start (a proxy may have died mid-payment) and then every
/// `reconciling.every`.
async fn reconcile_now_and_then(state: AppState, reconciling: Reconciling) {
    let mut ticks = tokio::time::interval(reconciling.every);
    loop {
        ticks.tick().await;
        if let Err(error) = crate::reconciliation::reconcile(&state).await {
            tracing::error!(%error, "reconciliation failed; trying again later");
        }
    }
}

async fn embedded_sandbox(
    config: SandboxConfig,
) -> Result<(FlexitiConfig, FlexPayConfig, Upstream), StartupError> {
    let running = sandbox::spawn(SocketAddr::from(([127, 0, 0, 1], 0)), config)
        .await
        .map_err(StartupError::Sandbox)?;
    let sandbox_config = running.sandbox.config();
    let base_url = running
        .flexiti_base_url()
        .parse()
        .map_err(|_| StartupError::UpstreamUrl("flexiti.base_url", running.flexiti_base_url()))?;
    let flexiti = FlexitiConfig {
        base_url,
        client_id: sandbox_config.client_id.clone(),
        client_secret: SecretString::from(sandbox_config.client_secret.clone()),
        merchant_username: sandbox_config.merchant_username.clone(),
        merchant_password: SecretString::from(sandbox_config.merchant_password.clone()),
    };
    let flexpay = FlexPayConfig {
        base_url: running.flexpay_base_url().parse().map_err(|_| {
            StartupError::UpstreamUrl("flexpay.base_url", running.flexpay_base_url())
        })?,
        api_key: SecretString::from(sandbox_config.flexpay_api_key.clone()),
    };
    Ok((flexiti, flexpay, Upstream::Embedded(running)))
}
