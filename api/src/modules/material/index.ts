export { MaterialService, type FileView } from './material.service';
