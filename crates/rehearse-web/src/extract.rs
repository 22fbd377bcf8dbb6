//! Extractors whose rejections speak our error shape, and the current user.

use axum::Json;
use axum::extract::{FromRequest, FromRequestParts, Query, Request};
use axum::http::request::Parts;
use rehearse_core::UserId;
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// `axum::Json`, rejecting with the JSON error shape.
///
/// The body must be a JSON object. A whole number written with a fraction (`30.0`) is an integer in JSON Schema, so it is read
/// as one: every number with no fractional part that fits an `i64` is turned into an integer
/// before the body is read into `T` (fields that take fractions read integers as well).
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let Json(mut value) = Json::<serde_json::Value>::from_request(request, state).await?;
        // Every request body of the API is an object (serde would read a struct from an array).
        if !value.is_object() {
            return Err(ApiError(crate::error::WebError::Request {
                status: axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                code: "invalid_request",
                message: "the request body must be a JSON object".to_owned(),
            }));
        }
        whole_numbers_as_integers(&mut value);
        Ok(ApiJson(serde_json::from_value::<T>(value)?))
    }
}

fn whole_numbers_as_integers(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Number(number) if number.is_f64() => {
            if let Some(float) = number.as_f64()
                && float.fract() == 0.0
                && float >= i64::MIN as f64
                && float < i64::MAX as f64
            {
                *value = Value::from(float as i64);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(whole_numbers_as_integers),
        Value::Object(fields) => fields.values_mut().for_each(whole_numbers_as_integers),
        _ => {}
    }
}

/// `axum::extract::Query`, rejecting with the JSON error shape.
#[derive(Debug)]
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Query(value) = Query::<T>::from_request_parts(parts, state).await?;
        Ok(ApiQuery(value))
    }
}

/// The user a request acts for. Single-user mode: always the local user. Server mode will
/// authenticate here, and nothing else changes.
#[derive(Debug, Clone, Copy)]
pub struct CurrentUser(pub UserId);

impl<S: Send + Sync> FromRequestParts<S> for CurrentUser {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(_parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(CurrentUser(UserId::LOCAL))
    }
}
