//! The web layer's one error type, and the one place that maps errors to status codes.
//!
//! [`WebError`] says what went wrong; [`ApiError`] renders it as the JSON error shape and
//! [`PageError`] as an HTML page. 4xx messages are written for the user; 5xx responses are
//! generic and the full cause chain is logged once, here.

use axum::extract::rejection::{FormRejection, JsonRejection, QueryRejection};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use rehearse_app::{AppError, ErrorClass};

use crate::pages::render_error_page;

/// Everything a handler can fail with.
#[derive(Debug)]
pub enum WebError {
    /// A use case refused or failed.
    App(AppError),
    /// The request itself was malformed (bad JSON, wrong content type, bad query string).
    Request {
        status: StatusCode,
        code: &'static str,
        message: String,
    },
    /// No such route or resource.
    NotFound,
    /// A template failed to render (a bug).
    Render(askama::Error),
}

impl WebError {
    /// The HTTP status: the single mapping from errors to codes.
    pub fn status(&self) -> StatusCode {
        match self {
            WebError::App(error) => match error.class() {
                ErrorClass::Invalid if error.is_conflict() => StatusCode::CONFLICT,
                ErrorClass::Invalid => StatusCode::UNPROCESSABLE_ENTITY,
                ErrorClass::NotFound => StatusCode::NOT_FOUND,
                ErrorClass::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            },
            WebError::Request { status, .. } => *status,
            WebError::NotFound => StatusCode::NOT_FOUND,
            WebError::Render(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            WebError::App(error) => error.code(),
            WebError::Request { code, .. } => code,
            WebError::NotFound => "not_found",
            WebError::Render(_) => "internal",
        }
    }

    /// The message for the user; never internals.
    pub fn message(&self) -> String {
        if self.status().is_server_error() {
            return "something went wrong on our side; your input was not saved, please try again"
                .to_owned();
        }
        match self {
            WebError::App(error) => error.to_string(),
            WebError::Request { message, .. } => message.clone(),
            WebError::NotFound => "there is nothing at this address".to_owned(),
            WebError::Render(_) => unreachable_message(),
        }
    }

    fn log(&self) {
        if self.status().is_server_error() {
            let cause: &dyn std::error::Error = match self {
                WebError::App(error) => error,
                WebError::Render(error) => error,
                _ => return,
            };
            let mut chain = cause.to_string();
            let mut source = cause.source();
            while let Some(next) = source {
                chain.push_str(": ");
                chain.push_str(&next.to_string());
                source = next.source();
            }
            tracing::error!(code = self.code(), "{chain}");
        }
    }
}

fn unreachable_message() -> String {
    "something went wrong on our side".to_owned()
}

impl From<AppError> for WebError {
    fn from(error: AppError) -> WebError {
        WebError::App(error)
    }
}

impl From<askama::Error> for WebError {
    fn from(error: askama::Error) -> WebError {
        WebError::Render(error)
    }
}

/// Lowercases the first letter and drops a trailing period, to match our message style.
fn tidy(message: &str) -> String {
    let message = message.trim().trim_end_matches('.');
    let mut chars = message.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

impl From<JsonRejection> for WebError {
    fn from(rejection: JsonRejection) -> WebError {
        let (status, code) = match &rejection {
            JsonRejection::JsonSyntaxError(_) => (StatusCode::BAD_REQUEST, "invalid_json"),
            JsonRejection::JsonDataError(_) => {
                (StatusCode::UNPROCESSABLE_ENTITY, "invalid_request")
            }
            JsonRejection::MissingJsonContentType(_) => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type")
            }
            _ if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large")
            }
            _ => (StatusCode::BAD_REQUEST, "invalid_request"),
        };
        let message = match code {
            "unsupported_media_type" => {
                "send the body as JSON with the header Content-Type: application/json".to_owned()
            }
            "payload_too_large" => {
                "the request body is larger than this address accepts (1 MiB; 3 MiB with a posting and a resume)".to_owned()
            }
            _ => tidy(&rejection.body_text()),
        };
        WebError::Request {
            status,
            code,
            message,
        }
    }
}

impl From<serde_json::Error> for WebError {
    /// A JSON body that parsed but does not have the request's shape.
    fn from(error: serde_json::Error) -> WebError {
        WebError::Request {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code: "invalid_request",
            message: format!("the request body does not fit: {error}"),
        }
    }
}

impl From<QueryRejection> for WebError {
    fn from(rejection: QueryRejection) -> WebError {
        WebError::Request {
            status: StatusCode::BAD_REQUEST,
            code: "invalid_query",
            message: tidy(&rejection.body_text()),
        }
    }
}

impl From<FormRejection> for WebError {
    fn from(rejection: FormRejection) -> WebError {
        let payload_too_large = rejection.status() == StatusCode::PAYLOAD_TOO_LARGE;
        WebError::Request {
            status: if payload_too_large {
                StatusCode::PAYLOAD_TOO_LARGE
            } else {
                StatusCode::BAD_REQUEST
            },
            code: if payload_too_large {
                "payload_too_large"
            } else {
                "invalid_form"
            },
            message: if payload_too_large {
                format!(
                    "the form is larger than the limit of {} KiB",
                    crate::BODY_LIMIT_BYTES / 1024
                )
            } else {
                tidy(&rejection.body_text())
            },
        }
    }
}

/// A [`WebError`] rendered as `{"error": {"code", "message"}}`.
#[derive(Debug)]
pub struct ApiError(pub WebError);

impl<E: Into<WebError>> From<E> for ApiError {
    fn from(error: E) -> ApiError {
        ApiError(error.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        self.0.log();
        let body =
            serde_json::json!({"error": {"code": self.0.code(), "message": self.0.message()}});
        (self.0.status(), axum::Json(body)).into_response()
    }
}

/// A [`WebError`] rendered as an HTML page.
#[derive(Debug)]
pub struct PageError(pub WebError);

impl<E: Into<WebError>> From<E> for PageError {
    fn from(error: E) -> PageError {
        PageError(error.into())
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        self.0.log();
        let status = self.0.status();
        match render_error_page(status, &self.0.message()) {
            Ok(html) => (status, Html(html)).into_response(),
            Err(error) => {
                tracing::error!("error page failed to render: {error}");
                (status, self.0.message()).into_response()
            }
        }
    }
}
