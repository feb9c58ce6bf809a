// The README's SelfieStep.vue is written beside this file (and its vite.config.ts in the app) by the test.
import { createApp } from 'vue';
import SelfieStep from './SelfieStep.vue';

createApp(SelfieStep).mount('#app');
