/**
 * WGSL helpers with the NaN/infinity rules of core's scalar reference (packages/core/src/scalar/render-js.ts).
 * NaN and infinity come from bit patterns held in private variables: WGSL rejects non-finite values in constant
 * expressions, and a private variable keeps the bitcast at run time. Tint drops the helpers a kernel does not call.
 */
export const PRELUDE = /* wgsl */ `
var<private> NAN_BITS: u32 = 0x7fc00000u;
var<private> INF_BITS: u32 = 0x7f800000u;
fn nan_f() -> f32 { return bitcast<f32>(NAN_BITS); }
fn inf_f() -> f32 { return bitcast<f32>(INF_BITS); }
fn isnan_f(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }
fn isinf_f(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) == 0x7f800000u; }
fn isfinite_f(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) < 0x7f800000u; }
fn truthy_f(x: f32) -> bool { return !(x == 0.0) && !isnan_f(x); }
fn castbool_f(x: f32) -> bool { return !(x == 0.0); }
fn max_f(a: f32, b: f32) -> f32 { if (a > b || isnan_f(a)) { return a; } return b; }
fn min_f(a: f32, b: f32) -> f32 { if (a < b || isnan_f(a)) { return a; } return b; }
fn sign_f(x: f32) -> f32 {
  if (x > 0.0) { return 1.0; }
  if (x < 0.0) { return -1.0; }
  if (x == 0.0) { return 0.0; }
  return nan_f();
}
fn mod_f(a: f32, b: f32) -> f32 {
  var r = a - b * trunc(a / b);
  if (isinf_f(b) && isfinite_f(a)) { r = a; }
  if (!(r == 0.0) && ((r < 0.0) != (b < 0.0))) { return r + b; }
  return r;
}
fn mod_i(a: i32, b: i32) -> i32 {
  if (b == 0) { return 0; }
  if (b == -1) { return 0; }
  let r = a % b;
  if (r != 0 && ((r < 0) != (b < 0))) { return r + b; }
  return r;
}
fn floordiv_i(a: i32, b: i32) -> i32 {
  if (b == 0) { return 0; }
  if (b == -1) { return 0 - a; }
  var q = a / b;
  if ((a % b) != 0 && ((a < 0) != (b < 0))) { q = q - 1; }
  return q;
}
fn f2i(x: f32) -> i32 {
  if (!isfinite_f(x)) { return 0; }
  let t = trunc(x);
  if (abs(t) < 2147483648.0) { return i32(t); }
  let m = t - 4294967296.0 * floor(t / 4294967296.0);
  return bitcast<i32>(u32(m));
}
fn powint_f(a: f32, n: u32) -> f32 {
  var r = 1.0;
  var x = a;
  var e = n;
  loop {
    if ((e & 1u) != 0u) { r = r * x; }
    e = e >> 1u;
    if (e == 0u) { break; }
    x = x * x;
  }
  return r;
}
fn pow_f(a: f32, b: f32) -> f32 {
  if (b == 0.0) { return 1.0; }
  if (isnan_f(a) || isnan_f(b)) { return nan_f(); }
  let ab = abs(a);
  if (isinf_f(b)) {
    if (ab == 1.0) { return nan_f(); }
    if ((ab > 1.0) == (b > 0.0)) { return inf_f(); }
    return 0.0;
  }
  let bInt = b == trunc(b);
  let odd = bInt && abs(b) < 16777216.0 && (u32(abs(b)) & 1u) == 1u;
  let neg = (bitcast<u32>(a) >> 31u) == 1u;
  var r: f32;
  // Zeros and infinities are settled here: lavapipe folds exp2(b * log2(x)) into a pow that gets them wrong.
  if (ab == 0.0) {
    r = select(0.0, inf_f(), b < 0.0);
  } else if (isinf_f(ab)) {
    r = select(inf_f(), 0.0, b < 0.0);
  } else {
    if (neg && !bInt) { return nan_f(); }
    if (bInt && abs(b) <= 1024.0) {
      let p = powint_f(ab, u32(abs(b)));
      r = select(p, 1.0 / p, b < 0.0);
    } else if (b == 0.5) {
      r = sqrt(ab);
    } else {
      r = exp2(b * log2(ab));
    }
  }
  if (neg && odd) { r = -r; }
  return r;
}
fn pow_i(a: i32, b: i32) -> i32 {
  if (b < 0) {
    if (a == 1) { return 1; }
    if (a == -1) { return select(-1, 1, (b & 1) == 0); }
    return 0;
  }
  var r = 1;
  var x = a;
  var e = u32(b);
  loop {
    if ((e & 1u) != 0u) { r = r * x; }
    e = e >> 1u;
    if (e == 0u) { break; }
    x = x * x;
  }
  return r;
}
fn expm1_f(x: f32) -> f32 {
  if (abs(x) < 1e-5) { return x + 0.5 * x * x; }
  let u = exp(x);
  if (u == 1.0) { return x; }
  let um1 = u - 1.0;
  if (um1 == -1.0) { return -1.0; }
  if (isinf_f(u)) { return u; }
  // Kahan's trick: (u - 1) * x / log(u) cancels the rounding of u; the ratio first keeps it from overflowing.
  return um1 * (x / log(u));
}
fn log1p_f(x: f32) -> f32 {
  let u = 1.0 + x;
  if (u == 1.0) { return x; }
  if (isinf_f(u)) { return select(nan_f(), u, u > 0.0); }
  if (u <= 0.0) { return select(nan_f(), -inf_f(), u == 0.0); }
  return log(u) * (x / (u - 1.0));
}
fn tanh_f(x: f32) -> f32 {
  let ax = abs(x);
  if (isnan_f(x)) { return x; }
  if (ax > 10.0) { return sign(x); }
  if (ax < 0.5) {
    let e = expm1_f(2.0 * ax);
    return sign(x) * e / (e + 2.0);
  }
  let e = exp(2.0 * ax);
  return sign(x) * (1.0 - 2.0 / (e + 1.0));
}
fn sinh_f(x: f32) -> f32 {
  let ax = abs(x);
  if (ax < 1.0) { let e = expm1_f(ax); return sign(x) * 0.5 * (e + e / (e + 1.0)); }
  if (ax > 88.0) { let h = exp(0.5 * ax); return sign(x) * 0.5 * h * h; }
  let e = exp(ax);
  return sign(x) * 0.5 * (e - 1.0 / e);
}
fn cosh_f(x: f32) -> f32 {
  let ax = abs(x);
  if (ax > 88.0) { let h = exp(0.5 * ax); return 0.5 * h * h; }
  let e = exp(ax);
  return 0.5 * (e + 1.0 / e);
}
fn asinh_f(x: f32) -> f32 {
  let ax = abs(x);
  if (ax > 1e18) { return sign(x) * (log(ax) + 0.6931471805599453); }
  if (ax < 0.5) { return sign(x) * log1p_f(ax + ax * ax / (1.0 + sqrt(1.0 + ax * ax))); }
  return sign(x) * log(ax + sqrt(ax * ax + 1.0));
}
fn acosh_f(x: f32) -> f32 {
  if (x < 1.0) { return nan_f(); }
  if (x > 1e18) { return log(x) + 0.6931471805599453; }
  let t = x - 1.0;
  return log1p_f(t + sqrt(2.0 * t + t * t));
}
fn atanh_f(x: f32) -> f32 {
  let ax = abs(x);
  if (ax > 1.0) { return nan_f(); }
  return sign(x) * 0.5 * log1p_f(2.0 * ax / (1.0 - ax));
}
fn erf_f(x: f32) -> f32 {
  let z = abs(x);
  let t = 1.0 / (1.0 + 0.5 * z);
  let r = t * exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
    t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  if (x >= 0.0) { return 1.0 - r; }
  return r - 1.0;
}
fn signbit_f(x: f32) -> bool { return (bitcast<u32>(x) >> 31u) == 1u; }
// Cephes' atanf (range reduction + odd polynomial, ~1e-7 relative): lavapipe's atan is off by ~4e-6.
fn atan_f(x: f32) -> f32 {
  if (isnan_f(x)) { return x; }
  let ax = abs(x);
  var y0 = 0.0;
  var z = ax;
  if (ax > 2.414213562373095) { y0 = 1.5707963267948966; z = -1.0 / ax; }
  else if (ax > 0.41421356237309503) { y0 = 0.7853981633974483; z = (ax - 1.0) / (ax + 1.0); }
  let zz = z * z;
  let p = (((8.05374449538e-2 * zz - 1.38776856032e-1) * zz + 1.99777106478e-1) * zz - 3.33329491539e-1) * zz * z + z;
  let r = y0 + p;
  return select(r, -r, signbit_f(x));
}
fn asin_f(x: f32) -> f32 {
  if (abs(x) > 1.0) { return nan_f(); }
  return atan_f(x / sqrt((1.0 - x) * (1.0 + x)));
}
fn acos_f(x: f32) -> f32 {
  if (abs(x) > 1.0) { return nan_f(); }
  return 2.0 * atan_f(sqrt((1.0 - x) / (1.0 + x)));
}
// atan2 with the zero, infinity and quadrant rules of Math.atan2 (lavapipe's builtin mishandles zeros).
fn atan2_f(y: f32, x: f32) -> f32 {
  let PI = 3.141592653589793;
  if (isnan_f(x) || isnan_f(y)) { return nan_f(); }
  if (y == 0.0) {
    if (x > 0.0 || (x == 0.0 && !signbit_f(x))) { return y; }
    return select(PI, -PI, signbit_f(y));
  }
  if (x == 0.0) { return select(0.5 * PI, -0.5 * PI, y < 0.0); }
  if (isinf_f(x)) {
    if (isinf_f(y)) {
      let q = select(0.25 * PI, 0.75 * PI, x < 0.0);
      return select(q, -q, y < 0.0);
    }
    if (x > 0.0) { return select(0.0, -0.0, y < 0.0); }
    return select(PI, -PI, y < 0.0);
  }
  if (isinf_f(y)) { return select(0.5 * PI, -0.5 * PI, y < 0.0); }
  let a = atan_f(y / x);
  if (x > 0.0) { return a; }
  return a + select(-PI, PI, y > 0.0);
}
`;
