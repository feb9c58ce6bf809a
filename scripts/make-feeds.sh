#!/usr/bin/env bash
# Generates the fake-camera feeds (1280x720 Y4M, yuv420p) used by the browser tests, from two
# freely licensed photos shipped in Debian packages (fetched with `apt-get download`, never
# installed and never committed):
#   astronaut.png - NASA portrait of Eileen Collins (public domain), Debian python3-skimage
#   messi5.jpg    - OpenCV sample image, Debian opencv-doc
# Chromium plays a feed with:
#   --use-fake-device-for-media-stream --use-fake-ui-for-media-stream
#   --use-file-for-fake-video-capture=/abs/path/centred.y4m
# Each feed also gets its first frame as PNG (decoded from the Y4M, so it is what the camera shows).
#
# Usage: bash scripts/make-feeds.sh        (any cwd; idempotent, regenerates when this script changes)
# Env:   FEEDS_DIR    output dir (default: <repo>/build/feeds; served to the browser tests, which skip dot-folders)
#        FEEDS_FPS    frame rate written in the Y4M header (default 15)
#        FEEDS_FRAMES frames per file; Chromium loops the file (default 5; feeds in motion set their own)
#        FEEDS_FORCE=1 regenerate everything
set -euo pipefail

die() { echo "make-feeds: error: $*" >&2; exit 1; }
trap 'echo "make-feeds: error: failed at line $LINENO: $BASH_COMMAND" >&2' ERR

SCRIPT="$(readlink -f "${BASH_SOURCE[0]}")"
ROOT="$(cd "$(dirname "$SCRIPT")/.." && pwd)"
SRC_DIR="$ROOT/build/feeds/src"
OUT="${FEEDS_DIR:-$ROOT/build/feeds}"
FPS="${FEEDS_FPS:-15}"
FRAMES="${FEEDS_FRAMES:-5}"
W=1280 H=720
GREY=0x808080

for tool in ffmpeg ffprobe apt-get dpkg-deb tar sha256sum awk; do
  command -v "$tool" >/dev/null 2>&1 || die "'$tool' not found (Debian: apt-get install ffmpeg / apt / dpkg)"
done
[[ "$FPS" =~ ^[0-9]+$ && "$FRAMES" =~ ^[0-9]+$ && "$FPS" -gt 0 && "$FRAMES" -gt 0 ]] \
  || die "FEEDS_FPS and FEEDS_FRAMES must be positive integers"
mkdir -p "$SRC_DIR" "$OUT" || die "cannot create $SRC_DIR or $OUT"
OUT="$(cd "$OUT" && pwd)"

# ---------------------------------------------------------------------------------------------
# 1. Source images: reuse the cache, else an installed copy, else apt-get download + extract.
# ---------------------------------------------------------------------------------------------
ASTRONAUT="$SRC_DIR/astronaut.png"
MESSI="$SRC_DIR/messi5.jpg"
# name | Debian package | path inside the .deb | tar wildcard used if the path moved
SOURCES=(
  "astronaut.png|python3-skimage|usr/lib/python3/dist-packages/skimage/data/astronaut.png|*/skimage/data/astronaut.png"
  "messi5.jpg|opencv-doc|usr/share/doc/opencv-doc/examples/data/messi5.jpg|*/messi5.jpg"
)

TMP=""
cleanup() { [[ -n "$TMP" ]] && rm -rf "$TMP"; return 0; }
trap cleanup EXIT

apt_download() { # pkg -> .deb in $TMP (runs apt-get update once if the lists are missing)
  local pkg="$1" log="$TMP/apt-$1.log"
  # Sandbox user root: _apt could not write into a root-owned mktemp dir.
  if ! (cd "$TMP" && apt-get -q -o APT::Sandbox::User=root download "$pkg") >"$log" 2>&1; then
    echo "make-feeds: 'apt-get download $pkg' failed; running 'apt-get update' and retrying" >&2
    apt-get -q -o DPkg::Lock::Timeout=120 update >"$TMP/apt-update.log" 2>&1 \
      || { cat "$TMP/apt-update.log" >&2; die "apt-get update failed (needs root and network access to Debian mirrors)"; }
    (cd "$TMP" && apt-get -q -o APT::Sandbox::User=root download "$pkg") >"$log" 2>&1 \
      || { cat "$log" >&2; die "apt-get download $pkg failed"; }
  fi
  compgen -G "$TMP/${pkg}_*.deb" >/dev/null || die "apt-get download $pkg produced no .deb"
}

fetch_source() {
  local name pkg path pattern dest deb found
  IFS='|' read -r name pkg path pattern <<<"$1"
  dest="$SRC_DIR/$name"
  [[ -s "$dest" ]] && return 0
  if [[ -s "/$path" ]]; then # package happens to be installed
    cp "/$path" "$dest.part" && mv "$dest.part" "$dest"
    echo "make-feeds: $name <- /$path (installed $pkg)"
    return 0
  fi
  [[ -n "$TMP" ]] || TMP="$(mktemp -d)"
  echo "make-feeds: fetching $name from Debian package $pkg ..."
  apt_download "$pkg"
  deb="$(compgen -G "$TMP/${pkg}_*.deb" | head -n1)"
  mkdir -p "$TMP/x-$pkg"
  # Extract just the one file (same as `dpkg -x` restricted to a member, much faster for opencv-doc).
  if ! dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$TMP/x-$pkg" "./$path" 2>/dev/null; then
    dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$TMP/x-$pkg" --wildcards "$pattern" 2>/dev/null \
      || die "$name not found in $(basename "$deb") (expected ./$path)"
  fi
  found="$(find "$TMP/x-$pkg" -type f -name "$name" | head -n1)"
  [[ -n "$found" && -s "$found" ]] || die "$name not found in $(basename "$deb")"
  [[ "$found" == "$TMP/x-$pkg/$path" ]] || echo "make-feeds: note: $name found at ${found#"$TMP/x-$pkg/"} (expected $path)" >&2
  cp "$found" "$dest.part" && mv "$dest.part" "$dest"
  echo "make-feeds: $name <- $(basename "$deb"):/${found#"$TMP/x-$pkg/"}"
}

for s in "${SOURCES[@]}"; do fetch_source "$s"; done

dims() { ffprobe -v error -select_streams v:0 -show_entries stream=width,height -of csv=p=0:s=x "$1"; }
[[ "$(dims "$ASTRONAUT")" == "512x512" ]] || die "$ASTRONAUT is not the expected 512x512 image ($(dims "$ASTRONAUT"))"
dims "$MESSI" >/dev/null || die "$MESSI is not a readable image"

# ---------------------------------------------------------------------------------------------
# 2. Cache stamp: script + sources + parameters + ffmpeg version. Anything different -> rebuild.
# ---------------------------------------------------------------------------------------------
STAMP_FILE="$OUT/.stamp"
STAMP="$( { sha256sum "$SCRIPT" "$ASTRONAUT" "$MESSI" | awk '{print $1}'; echo "fps=$FPS frames=$FRAMES";
            ffmpeg -version | sed -n 1p; } | sha256sum | awk '{print $1}')"
NAMES=(centred side far close two-faces blank dark bright blurred tilted marker messi
  soft noisy mjpeg webcam webcam-80 webcam-60 dim-60 dim-visible low-light clipped defocus glasses glasses-defocus turned sway)
if command -v flock >/dev/null 2>&1; then # one generator per output dir at a time
  exec 9>"$OUT/.lock"
  flock -w 300 9 || die "timed out waiting for another make-feeds run ($OUT/.lock)"
fi
WORK="$OUT/.work" # derived source images and MJPEG intermediates (a dot-folder: not served)
if [[ "${FEEDS_FORCE:-0}" == 1 || ! -f "$STAMP_FILE" || "$(cat "$STAMP_FILE")" != "$STAMP" ]]; then
  rm -f "$STAMP_FILE"
  rm -rf "$WORK"
  for n in "${NAMES[@]}"; do rm -f "$OUT/$n.y4m" "$OUT/$n.png"; done
fi
mkdir -p "$WORK"

# ---------------------------------------------------------------------------------------------
# 3. Compositions. Astronaut face (MediaPipe BlazeFace box, source pixels): short-range model
#    centre (225.5,127.5) width 93; full-range centre (225.5,119) width 107. We aim at the
#    middle: centre (225,123), nominal width 100.
# ---------------------------------------------------------------------------------------------
FX=225 FY=123 FW=100
PAD=720 # grey margin around the astronaut so any crop around the face stays inside the canvas

calc() { awk "BEGIN { printf \"%s\", $1 }"; }

# astro FRAC TX TY DEG -> filter chain from [0:v] to a 1280x720 RGB stream labelled [c]:
#   the astronaut scaled so the face box is FRAC of the frame width, its face centre at (TX,TY),
#   rolled DEG degrees clockwise about the face centre, on a mid-grey background.
astro() {
  local frac="$1" tx="$2" ty="$3" deg="${4:-0}" s r side half
  s="$(calc "$frac * $W / $FW")"
  # source half-size R that covers the frame's farthest corner from the face (any rotation)
  r="$(calc "int(sqrt((($tx > $W - $tx) ? $tx : $W - $tx)^2 + (($ty > $H - $ty) ? $ty : $H - $ty)^2) / $s) + 3")"
  (( r <= PAD )) || die "internal: crop radius $r > PAD"
  side="$(calc "2 * int($r * $s + 0.5)")" # even, = 2r*s
  half=$(( side / 2 ))
  local chain="[0:v]format=rgb24,pad=w=iw+$((2 * PAD)):h=ih+$((2 * PAD)):x=$PAD:y=$PAD:color=$GREY"
  chain+=",crop=$((2 * r)):$((2 * r)):$((FX + PAD - r)):$((FY + PAD - r)),scale=$side:$side:flags=lanczos,unsharp=5:5:1.0"
  if [[ "$deg" != 0 ]]; then
    chain+=",rotate=$deg*PI/180:ow=iw:oh=ih:c=$GREY:bilinear=1"
  fi
  chain+="[a];color=c=$GREY:s=${W}x${H}:r=$FPS,format=rgb24[bg];[bg][a]overlay=x=$((tx - half)):y=$((ty - half)):format=rgb[c]"
  printf '%s' "$chain"
}

# Derived sources, same 512x512 frame and face position as astronaut.png (so astro() places them alike).
GLASSES="$WORK/astronaut-glasses.png"
TURNED="$WORK/astronaut-turned.png"
if [[ ! -s "$GLASSES" ]]; then
  frame() { printf 'drawbox=x=%d:y=%d:w=%d:h=%d:color=0x141414:t=%s' "$@"; }
  ffmpeg -nostdin -hide_banner -loglevel error -y -i "$ASTRONAUT" -vf "format=rgb24,$(frame 183 89 38 24 3),$(frame 228 92 38 24 3),\
$(frame 220 95 9 3 fill),$(frame 170 93 14 3 fill),$(frame 265 96 14 3 fill)" -frames:v 1 "$GLASSES.part.png" \
    && mv "$GLASSES.part.png" "$GLASSES" || die "could not draw $GLASSES"
fi
# turned_source: a still photo has no depth, so the head is given one and turned. The astronaut's head is
# modelled as an ellipsoid (source px: centre (225,120), half-width 70 incl. hair, half-height 88, 76 deep in
# front of the ear line) plus a nose (a Gaussian bump 12 px high at the nose tip (225,123)), i.e. the nose tip
# 1.26 half-head-widths in front of the ears (an adult's is ~1.4 half ear spans). Each output pixel takes
# the colour of the surface point a camera sees after the head turns DEG about its vertical axis
# (orthographic): in closed form for the ellipsoid (the front-most of the two intersections), refined for the
# nose by four fixed-point steps; the background and the hair outside the ellipsoid are a flat plane. The
# map is computed on the 512 grid, upsampled bilinearly and applied at 2x (remap is nearest-pixel), then
# scaled back. Limits: a generic head shape, not hers; the hair on the near side is stretched; nothing hidden
# in the photo (her far cheek's profile, the ears) can appear.
turned_source() { # DEG
  local deg="$1" u=2 sn cs
  sn="$(calc "sin($deg * 3.14159265 / 180)")" cs="$(calc "cos($deg * 3.14159265 / 180)")"
  local cx=225 cy=120 a=70 b=88 d=76 nx=225 ny=123 nh=12
  # ld(0) target x' (output, relative to cx); ld(1) the row's ellipse half-width r; ld(5) its projected half-width;
  # ld(6) the phase of the rotated ellipse; ell maps the target in ld(7) to the source dx in ld(7).
  local ell="st(8,acos(max(-1,min(1,ld(7)/ld(5)))));st(9,if(gte(-cos(ld(6)+ld(8))*$sn+($d/$a)*sin(ld(6)+ld(8))*$cs,\
-cos(ld(6)-ld(8))*$sn+($d/$a)*sin(ld(6)-ld(8))*$cs),ld(6)+ld(8),ld(6)-ld(8)));st(7,if(gte(abs(ld(7)),ld(5)),ld(7)/$cs,ld(1)*cos(ld(9))))"
  local nose="$nh*exp(-((ld(2)-($nx-$cx))^2/98+(Y-$ny)^2/288))"
  local xmap="st(0,X-$cx);st(1,$a*sqrt(max(0,1-((Y-$cy)/$b)^2)));st(5,ld(1)*sqrt($cs*$cs+($d/$a)^2*$sn*$sn)+1e-9);\
st(6,atan2(($d/$a)*$sn,$cs));st(2,ld(0)/$cs);st(3,0);while(lt(ld(3),4),st(7,ld(0)-$nose*$sn);$ell;st(2,ld(7));st(3,ld(3)+1));$u*($cx+ld(2))"
  ffmpeg -nostdin -hide_banner -loglevel error -y -i "$ASTRONAUT" -filter_complex "[0:v]scale=iw*$u:ih*$u:flags=lanczos,format=gbrp[src];\
color=c=black:s=512x512,format=gray16le,geq=lum='$xmap',scale=$((512 * u)):$((512 * u)):flags=bilinear[xm];\
color=c=black:s=$((512 * u))x$((512 * u)),format=gray16le,geq=lum='Y'[ym];[src][xm][ym]remap=fill=gray,scale=512:512:flags=area,format=rgb24" \
    -frames:v 1 "$TURNED.part.png" && mv "$TURNED.part.png" "$TURNED"
}
[[ -s "$TURNED" ]] || turned_source 28 || die "could not render $TURNED"

CENTRED_FRAC=0.33 # face box ~31% (short-range) .. ~35% (full-range) of the frame width
CX=$((W / 2)) CY=$((H / 2))

# name | filter graph ending in [c] (RGB, 1280x720) | input (astronaut or messi)
declare -A GRAPH INPUT POST JPEG_Q COUNT
feed() { GRAPH[$1]="$2"; INPUT[$1]="${3:-$ASTRONAUT}"; }
# A feed in motion needs more frames than FRAMES, or its motion would repeat within one hold.
frame_count() { COUNT[$1]="$2"; }
frames_of() { printf '%s' "${COUNT[$1]:-$FRAMES}"; }
# A chain run on every frame after the still is repeated (RGB in, RGB out): what changes from frame to frame,
# like sensor noise, must come after the repeat.
per_frame() { POST[$1]="$2"; }
# Each frame goes through a real MJPEG encode and decode at this ffmpeg quantiser (2 best .. 31 worst), as
# USB webcams deliver 720p.
mjpeg_q() { JPEG_Q[$1]="$2"; }

centred="$(astro "$CENTRED_FRAC" $CX $CY)"
feed centred "$centred"
feed side "$(astro "$CENTRED_FRAC" $((CX + W * 30 / 100)) $CY)"
feed far "$(astro 0.09 $CX $CY)"
feed close "$(astro 0.78 $CX $CY)"
# Two astronauts (the right one mirrored), each face ~20% of the frame width, both fully in frame.
feed two-faces "[0:v]format=rgb24,crop=240:288:$((FX - 120)):0,scale=600:720:flags=lanczos,unsharp=5:5:1.0,split[l][r0];[r0]hflip[r];\
color=c=$GREY:s=${W}x${H}:r=$FPS,format=rgb24[bg];[bg][l]overlay=x=40:y=0:format=rgb[bl];[bl][r]overlay=x=640:y=0:format=rgb[c]"
feed blank "gradients=s=${W}x${H}:r=$FPS:c0=0x767676:c1=0x8c8c8c:x0=0:y0=0:x1=$W:y1=$H:nb_colors=2:speed=0.00001,format=rgb24[c]"
# dark: linear gain 0.2 (face mean luma ~150 -> ~30), a dim room, still detectable.
feed dark "${centred%\[c\]}[c0];[c0]lutrgb=r=val*0.2:g=val*0.2:b=val*0.2[c]"
# bright: overexposure with a soft highlight knee, out = 255*(1-e^(-k*in/255))/(1-e^-k), k=6.5:
# face mean luma ~150 -> ~230, darks stay dark (a plain gamma lift posterises them), still detected.
knee="255*(1-exp(-6.5*val/255))/(1-exp(-6.5))"
feed bright "${centred%\[c\]}[c0];[c0]lutrgb=r=$knee:g=$knee:b=$knee[c]"
# blurred: gblur sigma 16 (out of focus). The gate's sharpness (Laplacian variance of a 64x64
# face sample) reads ~11-17 here vs ~900 for centred; sigma 8 still read 70-100.
feed blurred "${centred%\[c\]}[c0];[c0]gblur=sigma=16:steps=3[c]"
# tilted: rolled 35 deg clockwise (the eye line measures ~32-35 deg with BlazeFace keypoints).
feed tilted "$(astro "$CENTRED_FRAC" $CX $CY 35)"
# marker: solid red 120x120 square near the LEFT edge (x 40-160, y 300-420) to detect mirroring.
feed marker "${centred%\[c\]}[c0];[c0]drawbox=x=40:y=$((CY - 60)):w=120:h=120:color=0xFF0000@1:t=fill[c]"
feed messi "[0:v]format=rgb24,scale=${W}:${H}:force_original_aspect_ratio=increase:flags=lanczos,crop=${W}:${H}[c]" "$MESSI"

# Real-webcam models (issue 16). Strengths are in the feed's own pixels (1280x720, face box ~470 px wide).
# linear LEVEL: the scene's light times LEVEL (a dimmer room, exposure not compensated).
linear() { printf 'lutrgb=r=val*%s:g=val*%s:b=val*%s' "$1" "$1" "$1"; }
# Sensor noise, new every frame: uniform, about ±STRENGTH/2 levels per channel (ffmpeg `noise`).
sensor_noise() { printf 'noise=alls=%s:allf=t+u' "$1"; }
SOFT="gblur=sigma=1.2:steps=3" # soft optics: a fixed-focus laptop lens is never pin-sharp at 720p
with() { printf '%s[c0];[c0]%s[c]' "${centred%\[c\]}" "$1"; } # centred + a still-image chain
feed soft "$(with "gblur=sigma=1.5:steps=3")"
feed noisy "$centred"; per_frame noisy "$(sensor_noise 16)"
feed mjpeg "$centred"; mjpeg_q mjpeg 16 # visible 8x8 blocking
# webcam[-LEVEL]: soft optics + sensor noise + MJPEG at 100 %, 80 % and 60 % of the light. At 60 % this is the
# real recording that was told "blurry" (luma ~60-65, sharpness median 87).
for level in 100 80 60; do
  name=webcam chain="$SOFT"
  if ((level < 100)); then name+=-$level chain+=",$(linear "0.$level")"; fi
  feed "$name" "$(with "$chain")"; per_frame "$name" "$(sensor_noise 10)"; mjpeg_q "$name" 8
done
feed dim-60 "$(with "$(linear 0.6)")"         # sharp, clean face at 60 % of the light: never "blurry"
feed dim-visible "$(with "$(linear 0.34)")"   # face mean luma ~50: dim but clearly visible
# low-light: a quarter of the light, sensor noise, then 3.6x analogue gain (the noise is amplified with it).
feed low-light "$(with "$(linear 0.25)")"; per_frame low-light "$(sensor_noise 8),$(linear 3.6)"
# clipped: overexposed so that most of the skin clips to white while the mean stays under maxLuma (210).
feed clipped "$(with "$(linear 1.6)")"
# defocus: Gaussian sigma 6 px, a clearly defocused face that a webcam still detects.
feed defocus "$(with "gblur=sigma=6:steps=3")"
# glasses: dark spectacle frames drawn on the astronaut (source pixels; her eyes are at ~(202,100) and
# (247,103)): the strong, fine texture that kept a sigma-6 defocus above the old sharpness floor.
feed glasses "$(astro "$CENTRED_FRAC" $CX $CY)" "$GLASSES"
feed glasses-defocus "${GRAPH[glasses]%\[c\]}[c0];[c0]gblur=sigma=6:steps=3[c]" "$GLASSES"
# turned: the astronaut re-rendered with her head turned 28 deg (see turned_source above).
feed turned "$(astro "$CENTRED_FRAC" $CX $CY)" "$TURNED"
# sway: the centred face swaying and trembling a little, as an unsupported head or a hand-held phone does. The frame
# moves on a slow sway plus a faster tremor (at most ~16 px apart in x, ~9 px in y, under the hold's 5 % of the face
# width), and each frame blends the last three positions: the motion blur of a 15 fps exposure. Frames at the turning
# points are sharp, those mid-swing smeared: the feed for the best frame of the hold. 30 frames (2 s), so the motion
# does not repeat within a hold.
feed sway "$centred"; frame_count sway 30
per_frame sway "pad=$((W + 32)):$((H + 32)):16:16:color=$GREY,crop=$W:$H:'16+6*sin(2*PI*n/20)+2*sin(2*PI*n/3.3)':'16+3*sin(2*PI*n/13)+1.5*sin(2*PI*n/2.7)',tmix=frames=3"

# ---------------------------------------------------------------------------------------------
# 4. Render (2 at a time). One ffmpeg per feed writes the Y4M and decodes its own first frame
#    back to PNG, so the PNG is exactly what the fake camera delivers (modulo Chromium's YUV->RGB).
# ---------------------------------------------------------------------------------------------
render() {
  local name="$1" y4m="$OUT/$1.y4m" png="$OUT/$1.png" log="$OUT/.$1.log" mjpeg="$WORK/$1.mjpeg" count
  count="$(frames_of "$1")"
  # The still is composed once, then repeated (loop) to the feed's frame count at FPS, then the per-frame chain.
  # format=yuv420p is required: RGB into y4m would give Chromium a solid green feed.
  local frames="[c]trim=end_frame=1,loop=loop=$((count - 1)):size=1:start=0,setpts=N/($FPS*TB),setsar=1${POST[$name]:+,${POST[$name]}}"
  local outputs="format=yuv420p,split[v][p0];[p0]format=rgb24[p]"
  local input=(-framerate "$FPS" -i "${INPUT[$name]}") graph="${GRAPH[$name]};$frames,$outputs"
  if [[ -n "${JPEG_Q[$name]:-}" ]]; then # encode to MJPEG first, then decode that like any input
    ffmpeg -nostdin -hide_banner -loglevel error -y "${input[@]}" -filter_complex "${GRAPH[$name]};$frames,format=yuvj420p[j]" \
      -map '[j]' -frames:v "$count" -c:v mjpeg -q:v "${JPEG_Q[$name]}" -f mjpeg "$mjpeg" >"$log" 2>&1 \
      || { echo "make-feeds: MJPEG encode failed for $name:" >&2; cat "$log" >&2; return 1; }
    input=(-framerate "$FPS" -f mjpeg -i "$mjpeg") graph="[0:v]setpts=N/($FPS*TB),setsar=1,$outputs"
  fi
  ffmpeg -nostdin -hide_banner -loglevel error -y "${input[@]}" -filter_complex "$graph" \
    -map '[v]' -frames:v "$count" -r "$FPS" -f yuv4mpegpipe "$y4m.part" \
    -map '[p]' -frames:v 1 -update 1 -f image2 -c:v png "$png.part" >"$log" 2>&1 \
    || { echo "make-feeds: ffmpeg failed for $name:" >&2; cat "$log" >&2; rm -f "$y4m.part" "$png.part"; return 1; }
  mv "$png.part" "$png" && mv "$y4m.part" "$y4m" && rm -f "$log" "$mjpeg"
}

START=$SECONDS
todo=()
for n in "${NAMES[@]}"; do
  [[ -s "$OUT/$n.y4m" && -s "$OUT/$n.png" ]] || todo+=("$n")
done
if ((${#todo[@]})); then
  echo "make-feeds: rendering ${#todo[@]} feed(s) into $OUT: ${todo[*]}"
  pids=() failed=0
  for n in "${todo[@]}"; do
    render "$n" &
    pids+=($!)
    if ((${#pids[@]} >= 2)); then wait "${pids[0]}" || failed=1; pids=("${pids[@]:1}"); fi
  done
  for p in "${pids[@]}"; do wait "$p" || failed=1; done
  ((failed == 0)) || die "some feeds failed to render (see above)"
  echo "$STAMP" >"$STAMP_FILE"
  echo "make-feeds: rendered in $((SECONDS - START))s"
else
  echo "$STAMP" >"$STAMP_FILE"
  echo "make-feeds: all feeds up to date in $OUT"
fi

# ---------------------------------------------------------------------------------------------
# 5. Sanity check + summary: one line per feed.
# ---------------------------------------------------------------------------------------------
expect=$(( W * H * 3 / 2 ))
for n in "${NAMES[@]}"; do
  f="$OUT/$n.y4m"
  hdr="$(head -c 200 "$f" | sed -n 1p)"
  [[ "$hdr" == YUV4MPEG2*" W$W H$H "* && "$hdr" == *" C420"* ]] || die "$f has an unexpected header: $hdr"
  bytes=$(stat -c %s "$f")
  frames=$(( bytes / (expect + 6) ))
  ((frames == $(frames_of "$n"))) || die "$f holds $frames frames, expected $(frames_of "$n")"
  printf '%-10s %s  %dx%d yuv420p  %d frames @ %d fps  %s bytes  (+ %s.png)\n' \
    "$n" "$f" "$W" "$H" "$frames" "$FPS" "$bytes" "$n"
done
