// For Node tests that import src/ directly (no build in between): the build's constants as globals. Import it
// before any module of src/.
import { BUILD_DEFINES } from '../../scripts/build-defines.mjs';

for (const [name, json] of Object.entries(BUILD_DEFINES)) Object.defineProperty(globalThis, name, { value: JSON.parse(json) });
