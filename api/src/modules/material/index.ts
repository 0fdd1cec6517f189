export { MaterialService, type FileView, type LicenceInput, type LicenceView } from './material.service';
