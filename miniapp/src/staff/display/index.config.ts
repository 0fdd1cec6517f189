// A hall's TV: the page may turn with the screen.
export default definePageConfig({ navigationBarTitleText: '叫号大屏', pageOrientation: 'auto' });
